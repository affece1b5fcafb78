using System.Net.Http.Headers;
using FrontApi.Http;
using FrontApi.TokenCache;
using Microsoft.Identity.Web;

namespace FrontApi.OnBehalfOf;

/// <summary>
/// Microsoft.Identity.Web's token acquisition: the first call for an incoming token exchanges it On-Behalf-Of the
/// user at the token endpoint; later calls are served by MSAL from the token cache (L1 memory, L2 Redis) until the
/// token needs refreshing. Each acquisition is traced and measured (<see cref="TokenAcquisitionTelemetry"/>), with
/// where the token came from, which only the full <c>AuthenticationResult</c> tells. What MSAL returns for a caller's
/// request is remembered in <see cref="AuthorizationHeaderCache"/>, which <see cref="CachedHeaderTokenProvider"/> serves from
/// while MSAL would.
/// </summary>
public sealed partial class OnBehalfOfTokenProvider(
    ITokenAcquisition tokenAcquisition,
    AuthorizationHeaderCache headers,
    IHttpContextAccessor httpContextAccessor,
    TokenAcquisitionTelemetry telemetry,
    ILogger<OnBehalfOfTokenProvider> logger,
    string downstreamApi) : IDownstreamTokenProvider
{
    public async Task<AuthenticationHeaderValue> GetAuthorizationHeaderAsync(string[] scopes, bool forceRefresh, CancellationToken cancellationToken)
    {
        using var acquisition = telemetry.Start(downstreamApi, scopes);
        // Read before awaiting: the header is remembered for the caller whose token MSAL exchanges or finds.
        TokenRequestKeys.TryGetIncomingToken(httpContextAccessor.HttpContext, out var incomingToken);
        try
        {
            // No principal given: in a web API, Identity.Web takes the incoming (validated) token from the current request.
            var result = await tokenAcquisition.GetAuthenticationResultForUserAsync(scopes,
                tokenAcquisitionOptions: new TokenAcquisitionOptions { CancellationToken = cancellationToken, ForceRefresh = forceRefresh });
            acquisition.Succeeded(result);
            LogAcquired(acquisition.Source == TokenAcquisitionTelemetry.Sources.IdentityProvider ? LogLevel.Information : LogLevel.Debug,
                downstreamApi, acquisition.Source!, acquisition.Elapsed.TotalMilliseconds);
            var header = new AuthenticationHeaderValue(result.TokenType, result.AccessToken);
            if (!incomingToken.IsEmpty)
            {
                headers.Remember(incomingToken.Span, scopes, header, result);
            }

            return header;
        }
        catch (Exception exception)
        {
            acquisition.Failed(exception);
            if (TransientFailures.IsUnreachable(exception, cancellationToken))
            {
                LogAuthorityUnreachable(exception.GetType().Name);
                throw new IdentityPlatformException(IdentityPlatformFailure.Unreachable, "The identity platform could not be reached.", exception);
            }

            throw;
        }
    }

    [LoggerMessage(Message = "Token for {DownstreamApi} acquired from {TokenSource} in {ElapsedMilliseconds:0.0} ms")]
    private partial void LogAcquired(LogLevel level, string downstreamApi, string tokenSource, double elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The identity platform could not be reached for the OBO exchange: {ExceptionType}")]
    private partial void LogAuthorityUnreachable(string exceptionType);
}
