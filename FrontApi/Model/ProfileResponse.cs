namespace FrontApi.Model;

/// <summary>
/// The caller seen by both downstream APIs: DownstreamApi (through its OBO token) and Microsoft Graph (<c>/me</c>).
/// When one of them fails the other part is still returned: <see cref="Partial"/> is true, the failed part is null
/// and <see cref="Errors"/> says why, keyed by part (<c>downstream</c>, <c>graph</c>).
/// </summary>
public sealed record ProfileResponse(
    UserProfile? Downstream,
    GraphProfile? Graph,
    bool Partial,
    IReadOnlyDictionary<string, ProfilePartError>? Errors);

/// <summary>
/// Why one part of the profile is missing: the status that part alone would have been answered with, and, when waiting
/// helps, the seconds its <c>Retry-After</c> would have said.
/// </summary>
public sealed record ProfilePartError(int Status, string Title, string Detail, int? RetryAfterSeconds = null);
