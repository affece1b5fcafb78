using System.Diagnostics;
using ServiceDefaults.Telemetry;

namespace FrontApi.Jobs;

/// <summary>
/// One span per round of a job (source <see cref="AspireOboTelemetry.Jobs"/>). A round runs long after the request that
/// started the job, so it is the root of a trace of its own, linked (<see cref="ActivityLink"/>) to that request.
/// </summary>
public static class JobsTelemetry
{
    public const string RoundSpanName = "todo digest round";

    public static class Attributes
    {
        public const string JobId = "aspireobo.job.id";
        public const string Round = "aspireobo.job.round";
        public const string Status = "aspireobo.job.status";
    }

    private static readonly ActivitySource Source = new(AspireOboTelemetry.Jobs);

    public static Activity? StartRound(DigestJob job)
    {
        ActivityLink[] links = ActivityContext.TryParse(job.StartedBy, null, out var startedBy) ? [new ActivityLink(startedBy)] : [];

        // A new trace, not a child of whatever happens to be current on this thread.
        Activity.Current = null;
        var activity = Source.StartActivity(RoundSpanName, ActivityKind.Internal, parentContext: default, links: links);
        activity?.SetTag(Attributes.JobId, job.Id.ToString());
        activity?.SetTag(Attributes.Round, job.Digests.Count + 1);
        return activity;
    }

    /// <summary>The W3C <c>traceparent</c> of the current span (the request starting a job), to link to later.</summary>
    public static string? CurrentTraceParent() => Activity.Current is { } current
        ? $"00-{current.TraceId.ToHexString()}-{current.SpanId.ToHexString()}-{(current.Recorded ? "01" : "00")}"
        : null;
}
