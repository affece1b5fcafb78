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
/// <see cref="Error"/>: the code of what stopped the job or makes it wait (an AADSTS code, <c>invalid_grant</c>,
/// <c>token_cache_unavailable</c>…), for support and for clients that act on it; null while all goes well.
/// </summary>
public sealed record JobView(
    Guid Id,
    string Kind,
    JobStatus Status,
    int Rounds,
    int IntervalSeconds,
    IReadOnlyList<TodoDigest> Digests,
    string? Detail,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? NextRunAt,
    DateTimeOffset? RoundDeadline);
