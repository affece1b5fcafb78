using System.Net.Http.Headers;

namespace FrontApi.OnBehalfOf;

/// <summary>The Authorization header for one call to DownstreamApi, on behalf of the current caller.</summary>
public interface IDownstreamTokenProvider
{
    Task<AuthenticationHeaderValue> GetAuthorizationHeaderAsync(string[] scopes, CancellationToken cancellationToken);
}
