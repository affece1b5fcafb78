using Microsoft.AspNetCore.Mvc;

namespace FrontApi.Failures;

/// <summary>What a failure of the identity platform or of a downstream API means for FrontApi's caller.</summary>
public enum FailureKind
{
    /// <summary>The identity platform refused the caller's own token during the exchange (expired, invalid): 401
    /// <c>invalid_token</c>, so the caller's client gets a new token.</summary>
    CallersTokenRefused,

    /// <summary>Only the user can fix it — consent, Conditional Access, a claims challenge, a session that is gone: 403
    /// with the challenge to act on.</summary>
    UserActionRequired,

    /// <summary>Only the user can fix it, and the caller said it handles claims challenges (<c>xms_cc</c> = <c>cp1</c>):
    /// 401 with the documented claims challenge (<c>error="insufficient_claims"</c>, base64 <c>claims</c>).</summary>
    ClaimsChallenge,

    /// <summary>A dependency is temporarily unavailable — the identity platform throttling, failing or out of reach, a
    /// downstream 503 or open circuit, Redis away: 503 with <c>Retry-After</c>.</summary>
    Unavailable,

    /// <summary>A downstream API did not answer in time: 504.</summary>
    TimedOut,

    /// <summary>A downstream API could not be reached or answered nothing usable (401/403/5xx, an unreadable body): 502.</summary>
    Unreachable,

    /// <summary>A downstream API refused the request's content: the client's mistake, 400 with that API's problem.</summary>
    RejectedRequest,

    /// <summary>The identity platform refused FrontApi itself (credential, scopes): this service's configuration, 500,
    /// logged at Error.</summary>
    Misconfigured,
}

/// <summary>
/// One failure as FrontApi's caller meets it: the same for a request (problem details), a part of <c>/api/profile</c> and
/// a digest job's round. Its texts say what to do; they never carry another service's own words.
/// </summary>
public sealed record Failure(FailureKind Kind, string Title, string Detail)
{
    public int Status => Kind switch
    {
        FailureKind.CallersTokenRefused or FailureKind.ClaimsChallenge => StatusCodes.Status401Unauthorized,
        FailureKind.UserActionRequired => StatusCodes.Status403Forbidden,
        FailureKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        FailureKind.TimedOut => StatusCodes.Status504GatewayTimeout,
        FailureKind.Unreachable => StatusCodes.Status502BadGateway,
        FailureKind.RejectedRequest => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>Waiting helps: retrying later may succeed without anyone doing anything.</summary>
    public bool IsTemporary => Kind is FailureKind.Unavailable or FailureKind.TimedOut or FailureKind.Unreachable;

    /// <summary>For <see cref="FailureKind.Unavailable"/>: when to retry.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>For <see cref="FailureKind.UserActionRequired"/>: the scopes that could not be had, and the claims asked for.</summary>
    public IReadOnlyCollection<string> ChallengeScopes { get; init; } = [];

    /// <inheritdoc cref="ChallengeScopes"/>
    public string? ChallengeClaims { get; init; }

    /// <summary>For <see cref="FailureKind.RejectedRequest"/>: the downstream API's own validation problem.</summary>
    public ProblemDetails? DownstreamProblem { get; init; }

    /// <summary>The error code for logs and traces (MSAL's, or a short word): never a message.</summary>
    public required string Code { get; init; }
}
