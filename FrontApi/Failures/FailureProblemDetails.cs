using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace FrontApi.Failures;

/// <summary>
/// A request that failed on the identity platform or a downstream API, answered as <see cref="FailureClassifier"/> decides:
/// problem details (RFC 9457) with the failure's status; <c>WWW-Authenticate</c> on a 401 (<c>invalid_token</c>) and on a
/// 403 (the challenge to act on, <see cref="UserChallenge"/>); <c>Retry-After</c> on a 503. Other services' internals
/// (their bodies, MSAL's messages) are logged as codes only and never returned.
/// </summary>
public sealed partial class FailureProblemDetails(IProblemDetailsService problemDetails, UserChallenge userChallenge, ILogger<FailureProblemDetails> logger) : IExceptionHandler
{
    /// <summary>How a request names the API that failed: a request may call several; the logs and traces say which.</summary>
    private const string AnyApi = "the downstream API";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (FailureClassifier.Classify(exception, AnyApi) is not { } failure)
        {
            return false;
        }

        Log(logger, failure);
        switch (failure.Kind)
        {
            case FailureKind.CallersTokenRefused:
                // As if FrontApi had refused the token itself: the caller's client gets a new token and retries.
                httpContext.Response.Headers.Append(HeaderNames.WWWAuthenticate,
                    "Bearer error=\"invalid_token\", error_description=\"The access token was refused by the identity platform (expired or invalid)\"");
                break;
            case FailureKind.UserActionRequired when failure.ChallengeClaims is { } claims && CallerCapabilities.HandlesClaimsChallenges(httpContext.User):
                // The caller declared cp1: the documented claims challenge, 401, which its MSAL acts on.
                failure = failure with { Kind = FailureKind.ClaimsChallenge };
                httpContext.Response.Headers.Append(HeaderNames.WWWAuthenticate, userChallenge.ClaimsChallenge(claims));
                break;
            case FailureKind.UserActionRequired:
                // 403, not 401: the caller's token is valid for FrontApi; what is missing is a stronger or newer sign-in.
                httpContext.Response.Headers.Append(HeaderNames.WWWAuthenticate, userChallenge.For(failure.ChallengeScopes, failure.ChallengeClaims));
                break;
            case FailureKind.Unavailable:
                httpContext.Response.Headers[HeaderNames.RetryAfter] = Http.RetryAfter.ToHeaderValue(failure.RetryAfter ?? Http.RetryAfter.Default);
                break;
        }

        var problem = failure.Kind == FailureKind.RejectedRequest && failure.DownstreamProblem is { } downstream
            ? downstream
            : new ProblemDetails { Detail = failure.Detail };
        problem.Status = failure.Status;
        problem.Instance = null; // a downstream path means nothing to our caller
        httpContext.Response.StatusCode = failure.Status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>One line per failure, at the level its kind deserves: this service's misconfiguration at Error.</summary>
    public static void Log(ILogger logger, Failure failure)
    {
        if (failure.Kind == FailureKind.Misconfigured)
        {
            LogMisconfigured(logger, failure.Code);
            return;
        }

        LogFailure(logger, failure.IsTemporary ? LogLevel.Warning : LogLevel.Information,
            failure.Kind, failure.Code, failure.Status, failure.RetryAfter is { } retryAfter ? (int)retryAfter.TotalSeconds : null);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Identity platform refused the OBO exchange: {ErrorCode}. Check the AzureAd settings (client id, credential) and the DownstreamApis scopes; answering 500")]
    private static partial void LogMisconfigured(ILogger logger, string errorCode);

    [LoggerMessage(Message = "Dependency failure {FailureKind} ({ErrorCode}): answering {StatusCode}, Retry-After {RetryAfterSeconds} s")]
    private static partial void LogFailure(ILogger logger, LogLevel level, FailureKind failureKind, string errorCode, int statusCode, int? retryAfterSeconds);
}
