using FrontApi.Http;
using FrontApi.OnBehalfOf;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Identity.Client;
using Microsoft.Identity.Web;
using Microsoft.Net.Http.Headers;
using Polly.CircuitBreaker;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace FrontApi.Downstream;

/// <summary>
/// The one place where a failed call to DownstreamApi becomes problem details, whether the token for it (the OBO
/// exchange) or the call itself failed:
/// <list type="bullet">
/// <item>the user's token can't be exchanged without the user (MsalUiRequiredException: Conditional Access claims
/// challenge, consent, expired grant) → 403 with Identity.Web's challenge (<see cref="UserChallenge"/>: claims, scopes);</item>
/// <item>the identity platform refuses the caller's token itself (expired, invalid: AADSTS500133, AADSTS50013) → 401
/// <c>invalid_token</c>, so the caller's client gets a new token;</item>
/// <item>DownstreamApi answers a claims challenge → 403 with the same challenge shape as above;</item>
/// <item>the identity platform is down, throttling or unreachable → 503 with Retry-After;</item>
/// <item>the identity platform refuses FrontApi itself (bad secret, unknown scope...) → 500: configuration, not the caller;</item>
/// <item>DownstreamApi rejected the body → 400 with its problem; otherwise unreachable/401/403/5xx → 502.</item>
/// </list>
/// Downstream internals (its bodies, MSAL messages) are logged as codes only and never returned.
/// </summary>
public sealed partial class DownstreamCallExceptionHandler(IProblemDetailsService problemDetails, UserChallenge userChallenge, ILogger<DownstreamCallExceptionHandler> logger) : IExceptionHandler
{
    public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken) => exception switch
    {
        MicrosoftIdentityWebChallengeUserException { MsalUiRequiredException: { } refused } when StsErrorCodes.RefusesCallersToken(refused) => CallersTokenRefusedAsync(httpContext, refused),
        MsalServiceException refused when StsErrorCodes.RefusesCallersToken(refused) => CallersTokenRefusedAsync(httpContext, refused),
        MicrosoftIdentityWebChallengeUserException { MsalUiRequiredException: { } uiRequired } challenge => UserInteractionRequiredAsync(httpContext, uiRequired, challenge.Scopes),
        MsalUiRequiredException uiRequired => UserInteractionRequiredAsync(httpContext, uiRequired, []),
        MsalServiceException service when IsTransient(service) => AuthorityUnavailableAsync(httpContext, service.ErrorCode, RetryAfter.From(service.Headers?.RetryAfter)),
        MsalServiceException service => AuthorityRefusedAsync(httpContext, service),
        DownstreamClaimsChallengeException challenge => DownstreamClaimsChallengeAsync(httpContext, challenge),
        IdentityPlatformException unavailable => AuthorityUnavailableAsync(httpContext, ErrorCodeOf(unavailable.Failure), unavailable.RetryAfter ?? RetryAfter.Default),
        DownstreamApiException { Failure: DownstreamApiFailure.Unavailable } unavailable => DownstreamUnavailableAsync(httpContext, unavailable),
        DownstreamApiException { Failure: DownstreamApiFailure.Timeout } timeout => DownstreamTimeoutAsync(httpContext, timeout),
        DownstreamApiException { Failure: DownstreamApiFailure.RejectedRequest } rejected => RejectedRequestAsync(httpContext, rejected),
        DownstreamApiException downstream => BadGatewayAsync(httpContext, downstream),
        _ => ValueTask.FromResult(false),
    };

    private ValueTask<bool> UserInteractionRequiredAsync(HttpContext httpContext, MsalUiRequiredException exception, IReadOnlyCollection<string> scopes)
    {
        LogUserInteractionRequired(exception.ErrorCode, exception.Classification.ToString(), exception.CorrelationId, !string.IsNullOrEmpty(exception.Claims));

        // 403, not 401: the caller's token is valid for FrontApi; what is missing is a stronger or newer sign-in.
        httpContext.Response.Headers.Append(HeaderNames.WWWAuthenticate, userChallenge.For(scopes, exception.Claims));

        return WriteAsync(httpContext, StatusCodes.Status403Forbidden, string.IsNullOrEmpty(exception.Claims)
            ? "The user's token could not be exchanged for a token to the downstream API without user interaction " +
              "(missing consent or an expired session). Sign the user in again and retry."
            : "The downstream API requires a stronger authentication (Conditional Access). Sign the user in again, " +
              "requesting the claims of the WWW-Authenticate challenge, and retry with the new token.");
    }

    private ValueTask<bool> CallersTokenRefusedAsync(HttpContext httpContext, MsalServiceException exception)
    {
        LogCallersTokenRefused(exception.ErrorCode, StsErrorCodes.Of(exception), exception.CorrelationId);

        // 401 invalid_token, as if FrontApi had refused the token itself: the caller's client gets a new token and retries.
        httpContext.Response.Headers.Append(HeaderNames.WWWAuthenticate,
            "Bearer error=\"invalid_token\", error_description=\"The access token was refused by the identity platform (expired or invalid)\"");
        return WriteAsync(httpContext, StatusCodes.Status401Unauthorized,
            "The identity platform refused the access token when exchanging it for the downstream API (expired or invalid). Get a new token and retry.");
    }

    private ValueTask<bool> DownstreamClaimsChallengeAsync(HttpContext httpContext, DownstreamClaimsChallengeException exception)
    {
        LogDownstreamClaimsChallenge();
        httpContext.Response.Headers.Append(HeaderNames.WWWAuthenticate, userChallenge.For(exception.Scopes, exception.Claims));
        return WriteAsync(httpContext, StatusCodes.Status403Forbidden,
            "The downstream API requires a stronger authentication. Sign the user in again, requesting the claims of the " +
            "WWW-Authenticate challenge, and retry with the new token.");
    }

    private ValueTask<bool> AuthorityUnavailableAsync(HttpContext httpContext, string errorCode, TimeSpan retryAfter)
    {
        LogAuthorityUnavailable(errorCode, (int)retryAfter.TotalSeconds);
        httpContext.Response.Headers[HeaderNames.RetryAfter] = RetryAfter.ToHeaderValue(retryAfter);
        return WriteAsync(httpContext, StatusCodes.Status503ServiceUnavailable,
            "The identity platform is temporarily unavailable, so no token could be obtained for the downstream API. Retry later.");
    }

    private ValueTask<bool> AuthorityRefusedAsync(HttpContext httpContext, MsalServiceException exception)
    {
        LogAuthorityRefused(exception.ErrorCode, exception.StatusCode, exception.CorrelationId);
        return WriteAsync(httpContext, StatusCodes.Status500InternalServerError,
            "The identity platform refused to issue a token for the downstream API. This is a configuration problem of this service.");
    }

    private ValueTask<bool> RejectedRequestAsync(HttpContext httpContext, DownstreamApiException exception)
    {
        var problem = exception.Problem ?? new ProblemDetails { Detail = "The downstream API rejected the request." };
        problem.Status = StatusCodes.Status400BadRequest;
        problem.Instance = null; // The downstream path means nothing to our caller.
        return WriteAsync(httpContext, problem);
    }

    private ValueTask<bool> BadGatewayAsync(HttpContext httpContext, DownstreamApiException exception)
    {
        LogBadGateway(exception.StatusCode, exception.Message);
        return WriteAsync(httpContext, StatusCodes.Status502BadGateway, "The downstream API could not complete the request.");
    }

    private ValueTask<bool> DownstreamUnavailableAsync(HttpContext httpContext, DownstreamApiException exception)
    {
        var retryAfter = exception.RetryAfter ?? RetryAfter.Default;
        LogDownstreamUnavailable(exception.Message, (int)retryAfter.TotalSeconds);
        httpContext.Response.Headers[HeaderNames.RetryAfter] = RetryAfter.ToHeaderValue(retryAfter);
        return WriteAsync(httpContext, StatusCodes.Status503ServiceUnavailable, exception.InnerException is BrokenCircuitException
            ? "The downstream API keeps failing, so calls to it are paused for a few seconds. Retry later."
            : "The downstream API is temporarily unavailable. Retry later.");
    }

    private ValueTask<bool> DownstreamTimeoutAsync(HttpContext httpContext, DownstreamApiException exception)
    {
        LogBadGateway(exception.StatusCode, exception.Message);
        return WriteAsync(httpContext, StatusCodes.Status504GatewayTimeout, "The downstream API did not answer in time.");
    }

    private static bool IsTransient(MsalServiceException exception) =>
        exception.StatusCode is >= 500 or 429
        || exception.ErrorCode is MsalError.ServiceNotAvailable or MsalError.RequestTimeout
        || exception.InnerException is HttpRequestException or TaskCanceledException;

    private static string ErrorCodeOf(IdentityPlatformFailure failure) => failure switch
    {
        IdentityPlatformFailure.Throttled => "throttled",
        IdentityPlatformFailure.TimedOut => "timed_out",
        _ => "unreachable",
    };

    private ValueTask<bool> WriteAsync(HttpContext httpContext, int status, string detail) =>
        WriteAsync(httpContext, new ProblemDetails { Status = status, Detail = detail });

    private async ValueTask<bool> WriteAsync(HttpContext httpContext, ProblemDetails problem)
    {
        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "OBO exchange needs user interaction: {ErrorCode} ({Classification}), claims challenge: {HasClaimsChallenge}, correlation id {CorrelationId}")]
    private partial void LogUserInteractionRequired(string errorCode, string classification, string? correlationId, bool hasClaimsChallenge);

    [LoggerMessage(Level = LogLevel.Information, Message = "The identity platform refused the caller's token in the OBO exchange: {ErrorCode} {StsErrorCode}, correlation id {CorrelationId}; answering 401 invalid_token")]
    private partial void LogCallersTokenRefused(string errorCode, string? stsErrorCode, string? correlationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "DownstreamApi sent a claims challenge; passing it on as a 403 challenge")]
    private partial void LogDownstreamClaimsChallenge();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Identity platform unavailable for the OBO exchange: {ErrorCode}; asking the caller to retry after {RetryAfterSeconds} s")]
    private partial void LogAuthorityUnavailable(string errorCode, int retryAfterSeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Identity platform refused the OBO exchange: {ErrorCode} (HTTP {StatusCode}), correlation id {CorrelationId}. Check AzureAd settings and DownstreamApis:TodoApi scopes")]
    private partial void LogAuthorityRefused(string errorCode, int statusCode, string? correlationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answering 503: {Reason}; asking the caller to retry after {RetryAfterSeconds} s")]
    private partial void LogDownstreamUnavailable(string reason, int retryAfterSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answering 502/504: {Reason} (downstream status {StatusCode})")]
    private partial void LogBadGateway(int? statusCode, string reason);
}
