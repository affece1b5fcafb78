using System.Net.Http.Headers;

namespace FrontApi.OnBehalfOf;

/// <summary>The Authorization header for one call to DownstreamApi, on behalf of the current caller.</summary>
public interface IDownstreamTokenProvider
{
    /// <param name="scopes">The delegated scopes the call needs.</param>
    /// <param name="forceRefresh">True to skip the token cache and exchange again, replacing the cached token (which
    /// DownstreamApi has just refused).</param>
    /// <param name="cancellationToken">The caller giving up.</param>
    Task<AuthenticationHeaderValue> GetAuthorizationHeaderAsync(string[] scopes, bool forceRefresh, CancellationToken cancellationToken);
}
