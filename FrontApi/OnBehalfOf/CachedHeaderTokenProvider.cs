using System.Net.Http.Headers;
using FrontApi.TokenCache;

namespace FrontApi.OnBehalfOf;

/// <summary>
/// The outermost <see cref="IDownstreamTokenProvider"/>: serves the header MSAL last returned for this caller's token and
/// scopes while MSAL would still serve it from cache (<see cref="AuthorizationHeaderCache"/>), so a warm request neither
/// builds an MSAL request nor joins a single flight. Anything else — a first call, a token due for refresh, a forced
/// refresh after DownstreamApi refused the token, a call outside a request — goes to the providers inside, resolved only then.
/// Every acquisition is still traced and counted, a hit as an L1 hit.
/// </summary>
public sealed class CachedHeaderTokenProvider(
    AuthorizationHeaderCache headers,
    IHttpContextAccessor httpContextAccessor,
    TokenAcquisitionTelemetry telemetry,
    Func<IDownstreamTokenProvider> inner,
    string downstreamApi) : IDownstreamTokenProvider
{
    public Task<AuthenticationHeaderValue> GetAuthorizationHeaderAsync(string[] scopes, bool forceRefresh, CancellationToken cancellationToken)
    {
        if (TokenRequestKeys.TryGetIncomingToken(httpContextAccessor.HttpContext, out var incomingToken))
        {
            if (forceRefresh)
            {
                headers.Forget(incomingToken.Span, scopes);
            }
            else if (headers.TryGet(incomingToken.Span, scopes) is { } header)
            {
                using var acquisition = telemetry.Start(downstreamApi, scopes);
                acquisition.Succeeded(TokenAcquisitionTelemetry.Sources.L1Cache);
                return Task.FromResult(header);
            }
        }

        return inner().GetAuthorizationHeaderAsync(scopes, forceRefresh, cancellationToken);
    }
}
