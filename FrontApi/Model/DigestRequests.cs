using System.ComponentModel.DataAnnotations;

namespace FrontApi.Model;

/// <summary>Start a todo digest: <see cref="Rounds"/> digests of the caller's todos, one every <see cref="IntervalSeconds"/>.</summary>
public sealed class StartDigestRequest
{
    [Range(1, 24)]
    public int? Rounds { get; init; }

    [Range(1, 86400)]
    public int? IntervalSeconds { get; init; }
}

/// <summary>
/// A job as its owner sees it (never its session key nor its owner's ids). <see cref="RoundDeadline"/>: by when the next
/// round must be done; temporary failures are retried until then, then the job is <c>Failed</c> with the reason in <see cref="Detail"/>.
/// </summary>
public sealed record JobView(
    Guid Id,
    string Kind,
    JobStatus Status,
    int Rounds,
    int IntervalSeconds,
    IReadOnlyList<TodoDigest> Digests,
    string? Detail,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? NextRunAt,
    DateTimeOffset? RoundDeadline);
