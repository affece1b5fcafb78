using FrontApi.Downstream;
using FrontApi.Graph;
using FrontApi.Http;
using FrontApi.TokenCache;
using Microsoft.Identity.Client;
using Microsoft.Identity.Web;
using Polly;
using Polly.CircuitBreaker;
using StackExchange.Redis;

namespace FrontApi.Failures;

/// <summary>
/// The one place that decides what a failure means (<see cref="FailureKind"/>): of the On-Behalf-Of exchange (MSAL's
/// exceptions, <see cref="IdentityPlatformException"/>), of a call to DownstreamApi or Microsoft Graph, or of Redis.
/// Requests (<see cref="FailureProblemDetails"/>), <c>/api/profile</c>'s parts and the digest jobs all ask it.
/// </summary>
public static class FailureClassifier
{
    /// <param name="exception">What was thrown.</param>
    /// <param name="api">The API the token or the call was for, in the texts ("DownstreamApi", "Microsoft Graph").</param>
    /// <returns>Null for anything that is not a dependency's failure (a bug, the caller going away): let it propagate.</returns>
    public static Failure? Classify(Exception exception, string api) => exception switch
    {
        MicrosoftIdentityWebChallengeUserException { MsalUiRequiredException: { } refused } when StsErrorCodes.RefusesCallersToken(refused) => CallersTokenRefused(refused),
        MsalServiceException refused when StsErrorCodes.RefusesCallersToken(refused) => CallersTokenRefused(refused),
        MicrosoftIdentityWebChallengeUserException { MsalUiRequiredException: { } uiRequired } challenge => UserActionRequired(api, uiRequired.ErrorCode, challenge.Scopes, uiRequired.Claims),
        MsalUiRequiredException uiRequired => UserActionRequired(api, uiRequired.ErrorCode, [], uiRequired.Claims),
        // A long-running session no longer in the token cache: only a new sign-in starts another.
        MsalClientException { ErrorCode: MsalError.OboCacheKeyNotInCacheError } gone => UserActionRequired(api, gone.ErrorCode, [], null),
        MsalServiceException service when IsTransient(service) => IdentityPlatformUnavailable(api, service.ErrorCode, RetryAfter.From(service.Headers?.RetryAfter)),
        MsalServiceException service => new(FailureKind.Misconfigured, "Token refused",
            $"The identity platform refused to issue a token for {api}. This is a configuration problem of this service.")
        { Code = service.ErrorCode },
        IdentityPlatformException unavailable => IdentityPlatformUnavailable(api, CodeOf(unavailable.Failure), unavailable.RetryAfter ?? RetryAfter.Default),
        DownstreamClaimsChallengeException challenge => UserActionRequired(api, "insufficient_claims", challenge.Scopes, challenge.Claims),
        DownstreamApiException { Failure: DownstreamApiFailure.Unavailable } unavailable => new(FailureKind.Unavailable, "Unavailable",
            unavailable.InnerException is BrokenCircuitException
                ? $"{api} keeps failing, so calls to it are paused for a few seconds. Retry later."
                : $"{api} is temporarily unavailable. Retry later.")
        { Code = "downstream_unavailable", RetryAfter = unavailable.RetryAfter ?? RetryAfter.Default },
        DownstreamApiException { Failure: DownstreamApiFailure.Timeout } => new(FailureKind.TimedOut, "Timeout", $"{api} did not answer in time.") { Code = "downstream_timeout" },
        DownstreamApiException { Failure: DownstreamApiFailure.RejectedRequest } rejected => new(FailureKind.RejectedRequest, "Rejected",
            $"{api} rejected the request.")
        { Code = "downstream_rejected", DownstreamProblem = rejected.Problem },
        DownstreamApiException => new(FailureKind.Unreachable, "Bad gateway", $"{api} could not complete the request.") { Code = "downstream_failed" },
        GraphCallException { Claims: { } claims } => UserActionRequired(api, "insufficient_claims", [], claims),
        GraphCallException { StatusCode: StatusCodes.Status503ServiceUnavailable or StatusCodes.Status429TooManyRequests } => new(FailureKind.Unavailable, "Unavailable",
            $"{api} is temporarily unavailable. Retry later.")
        { Code = "graph_unavailable", RetryAfter = RetryAfter.Default },
        GraphCallException graph => new(FailureKind.Unreachable, "Bad gateway",
            graph.GraphErrorCode is { } code ? $"{api} answered {graph.StatusCode} ({code})." : $"{api} answered {graph.StatusCode}.")
        { Code = "graph_failed" },
        // Without the hardening layer (FrontApi/Hardening), an unreachable identity platform arrives as the HTTP client's own failure.
        HttpRequestException or ExecutionRejectedException => IdentityPlatformUnavailable(api, "unreachable", RetryAfter.Default),
        // A long-running session's tokens that Redis could not give (FrontApi/TokenCache): the session may be intact, so
        // waiting helps; a job retries rather than asking its user to sign in again.
        TokenCacheUnavailableException cache => new(FailureKind.Unavailable, "Unavailable", "This service's storage is temporarily unavailable. Retry later.")
        {
            Code = cache.Unreadable ? "token_cache_unreadable" : "token_cache_unavailable",
            RetryAfter = RetryAfter.Default,
        },
        // A Redis that accepts connections but does not answer times out (RedisTimeoutException is a TimeoutException, not a RedisException).
        RedisException or RedisTimeoutException => new(FailureKind.Unavailable, "Unavailable", "This service's storage is temporarily unavailable. Retry later.")
        {
            Code = "redis_unavailable",
            RetryAfter = RetryAfter.Default,
        },
        _ => null,
    };

    private static Failure CallersTokenRefused(MsalException refused) => new(FailureKind.CallersTokenRefused, "Token refused",
        "The identity platform refused the access token when exchanging it for the downstream API (expired or invalid). Get a new token and retry.")
    {
        Code = refused.ErrorCode,
    };

    private static Failure UserActionRequired(string api, string code, IReadOnlyCollection<string> scopes, string? claims) => new(
        FailureKind.UserActionRequired, "Sign-in required", string.IsNullOrEmpty(claims)
            ? $"No token for {api} without the user (missing consent or an expired session): sign in again, then retry."
            : $"{api} requires a stronger authentication (Conditional Access): sign in again, requesting the claims of " +
              "the WWW-Authenticate challenge, and retry with the new token.")
    {
        Code = code,
        ChallengeScopes = scopes,
        ChallengeClaims = string.IsNullOrEmpty(claims) ? null : claims,
    };

    /// <summary>
    /// No token could be had now — throttled, failing, out of reach or slower than FrontApi waits: 503 with Retry-After,
    /// whichever it was, since for the caller it is the same (wait, then retry); the logs and traces keep the cause.
    /// </summary>
    private static Failure IdentityPlatformUnavailable(string api, string code, TimeSpan retryAfter) => new(FailureKind.Unavailable,
        "Identity platform unavailable", $"The identity platform is temporarily unavailable, so no token could be obtained for {api}. Retry later.")
    {
        Code = code,
        RetryAfter = retryAfter,
    };

    private static bool IsTransient(MsalServiceException exception) =>
        exception.StatusCode is >= 500 or 429
        || exception.ErrorCode is MsalError.ServiceNotAvailable or MsalError.RequestTimeout
        || exception.InnerException is HttpRequestException or TaskCanceledException;

    private static string CodeOf(IdentityPlatformFailure failure) => failure switch
    {
        IdentityPlatformFailure.Throttled => "throttled",
        IdentityPlatformFailure.TimedOut => "timed_out",
        _ => "unreachable",
    };
}
