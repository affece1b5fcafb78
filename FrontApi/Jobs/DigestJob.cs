using System.Text.Json.Serialization;
using FrontApi.Model;

namespace FrontApi.Jobs;

/// <summary>
/// A todo digest made on the user's behalf after their request has returned: <see cref="Rounds"/> digests, one every
/// <see cref="Interval"/>. Kept in Redis (<see cref="JobStore"/>) with the key of its long-running OBO session, so it
/// survives a restart and any replica can run its next round.
/// </summary>
public sealed class DigestJob
{
    public required Guid Id { get; init; }

    /// <summary>The owner: only the same tenant + object id may see the job.</summary>
    public required string OwnerTenantId { get; init; }

    public required string OwnerObjectId { get; init; }

    /// <summary>
    /// The key of the long-running OBO session in MSAL's token cache (<c>LongRunningWebApiSessionKey</c>). Not a
    /// credential by itself: the tokens it names are encrypted in the cache and only FrontApi can redeem them.
    /// </summary>
    public required string SessionKey { get; init; }

    public required int Rounds { get; init; }

    public required TimeSpan Interval { get; init; }

    /// <summary>The W3C trace context of the request that started the job: each round's span links to it.</summary>
    public string? StartedBy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public JobStatus Status { get; set; } = JobStatus.Pending;

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset NextRunAt { get; set; }

    /// <summary>Failed attempts of the current round (reset by a success).</summary>
    public int FailedAttempts { get; set; }

    /// <summary>
    /// By when the current round must be done: temporary failures are retried until then (waiting what the failing
    /// service asked), then the job is <see cref="JobStatus.Failed"/> with the reason (<see cref="DigestJobOptions.RoundDeadline"/>).
    /// </summary>
    public DateTimeOffset? RoundDeadline { get; set; }

    /// <summary>When the job's long-running session ends at the latest (its key says so to the token cache, <c>LongRunningSessionKey</c>).</summary>
    public DateTimeOffset? SessionExpiresAt { get; init; }

    /// <summary>For the user: why the job stopped or waits.</summary>
    public string? Detail { get; set; }

    /// <summary>The code of the failure behind <see cref="Detail"/> (<see cref="Failures.Failure.Code"/>), or null.</summary>
    public string? Error { get; set; }

    public List<TodoDigest> Digests { get; init; } = [];

    [JsonIgnore]
    public bool IsFinished => Status is JobStatus.Succeeded or JobStatus.SignInRequired or JobStatus.Failed;

    /// <summary>What makes this record unusable (read from Redis, it may be anything), or null.</summary>
    public string? Problem() =>
        string.IsNullOrEmpty(OwnerTenantId) || string.IsNullOrEmpty(OwnerObjectId) ? "no owner"
        : string.IsNullOrEmpty(SessionKey) ? "no session"
        : Rounds is < 1 or > 1000 || Digests is null || Digests.Count > Rounds ? "rounds out of range"
        : Interval < TimeSpan.Zero ? "negative interval"
        : null;

    public bool IsOwnedBy(string? tenantId, string? objectId) =>
        string.Equals(OwnerTenantId, tenantId, StringComparison.OrdinalIgnoreCase)
        && string.Equals(OwnerObjectId, objectId, StringComparison.OrdinalIgnoreCase);
}
