namespace AspireObo.SystemTests.Infrastructure;

/// <summary>Parent/child questions about one trace's exported spans.</summary>
public static class SpanTree
{
    /// <summary>Whether <paramref name="span"/> descends from <paramref name="ancestor"/> through spans of <paramref name="spans"/>.</summary>
    public static bool IsWithin(IReadOnlyList<ExportedSpan> spans, ExportedSpan span, ExportedSpan ancestor)
    {
        for (var current = span; current.ParentSpanId is { } parentId;)
        {
            if (parentId == ancestor.SpanId)
            {
                return true;
            }

            if (spans.FirstOrDefault(candidate => candidate.SpanId == parentId) is not { } parent)
            {
                return false;
            }

            current = parent;
        }

        return false;
    }
}
