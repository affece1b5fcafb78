using System.Net.Http.Headers;

namespace FrontApi.OnBehalfOf;

/// <summary>
/// Decorates <see cref="IDownstreamTokenProvider"/> so that concurrent requests with the same incoming assertion and
/// scopes share one token acquisition (see <see cref="SingleFlightTokenRequests"/>), and bounds how long a caller
/// waits for it: a token endpoint that accepts connections but never answers becomes a 503 after
/// <see cref="MaxWait"/>, not a hung request.
/// </summary>
public sealed partial class SingleFlightTokenProvider(
    IDownstreamTokenProvider inner,
    SingleFlightTokenRequests flights,
    IHttpContextAccessor httpContextAccessor,
    TimeProvider time,
    ILogger<SingleFlightTokenProvider> logger) : IDownstreamTokenProvider
{
    /// <summary>The longest a caller waits for a token (documented in the README's reliability section).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    public async Task<AuthenticationHeaderValue> GetAuthorizationHeaderAsync(string[] scopes, bool forceRefresh, CancellationToken cancellationToken)
    {
        var key = TokenRequestKeys.ForAssertion(httpContextAccessor.HttpContext, scopes, forceRefresh);
        var acquisition = key is null
            ? inner.GetAuthorizationHeaderAsync(scopes, forceRefresh, CancellationToken.None)
            : flights.RunAsync(key, () => inner.GetAuthorizationHeaderAsync(scopes, forceRefresh, CancellationToken.None), cancellationToken);

        try
        {
            return await acquisition.WaitAsync(MaxWait, time, cancellationToken);
        }
        catch (TimeoutException exception)
        {
            LogTokenWaitTimedOut((int)MaxWait.TotalSeconds);
            throw new IdentityPlatformException(IdentityPlatformFailure.TimedOut,
                "The identity platform did not answer in time.", exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No token from the identity platform within {Seconds} s; answering 503")]
    private partial void LogTokenWaitTimedOut(int seconds);
}
