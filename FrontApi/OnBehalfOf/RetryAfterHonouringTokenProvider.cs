using System.Net;
using System.Net.Http.Headers;
using FrontApi.Http;
using Microsoft.Identity.Client;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace FrontApi.OnBehalfOf;

/// <summary>
/// Decorates <see cref="IDownstreamTokenProvider"/>: when the token endpoint throttles (429, or 503 with
/// <c>Retry-After</c>), no new token request is sent for that user and scopes until Retry-After has passed;
/// callers get an <see cref="IdentityPlatformException"/> (503) with the remaining Retry-After straight away.
/// </summary>
public sealed partial class RetryAfterHonouringTokenProvider(
    IDownstreamTokenProvider inner,
    TokenEndpointBackoff backoff,
    IHttpContextAccessor httpContextAccessor,
    ILogger<RetryAfterHonouringTokenProvider> logger) : IDownstreamTokenProvider
{
    public async Task<AuthenticationHeaderValue> GetAuthorizationHeaderAsync(string[] scopes, CancellationToken cancellationToken)
    {
        var key = TokenRequestKeys.ForUser(httpContextAccessor.HttpContext?.User, scopes);
        if (key is not null && backoff.RemainingFor(key) is { } remaining)
        {
            throw new IdentityPlatformException(IdentityPlatformFailure.Throttled, "The identity platform asked to wait before the next token request.")
            {
                RetryAfter = remaining,
            };
        }

        try
        {
            return await inner.GetAuthorizationHeaderAsync(scopes, cancellationToken);
        }
        catch (MsalServiceException exception) when (key is not null && IsThrottling(exception))
        {
            var retryAfter = RetryAfter.From(exception.Headers?.RetryAfter);
            backoff.BackOff(key, retryAfter);
            LogThrottled(exception.StatusCode, (int)retryAfter.TotalSeconds);
            throw;
        }
    }

    private static bool IsThrottling(MsalServiceException exception) =>
        exception.StatusCode == (int)HttpStatusCode.TooManyRequests
        || (exception.StatusCode == (int)HttpStatusCode.ServiceUnavailable && exception.Headers?.RetryAfter is not null);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token endpoint throttled (HTTP {StatusCode}); no token request for this user and scopes for {Seconds} s")]
    private partial void LogThrottled(int statusCode, int seconds);
}
