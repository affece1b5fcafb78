using Microsoft.Identity.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;

namespace FrontApi.Graph;

/// <summary>
/// The Graph SDK's (Kiota's) token source: an On-Behalf-Of token for Graph from Identity.Web's <see cref="IAuthorizationHeaderProvider"/>,
/// from the same incoming user token as the DownstreamApi calls and through the same token cache. Only Graph's own host
/// ever gets it.
/// </summary>
public sealed class GraphAccessTokenProvider(IAuthorizationHeaderProvider tokens, string[] scopes, Uri graphBaseUrl) : IAccessTokenProvider
{
    public AllowedHostsValidator AllowedHostsValidator { get; } = new([graphBaseUrl.Host]);

    public async Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
    {
        if (!AllowedHostsValidator.IsUrlHostValid(uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            return string.Empty; // Kiota then sends no Authorization header.
        }

        var header = await tokens.CreateAuthorizationHeaderForUserAsync(scopes, cancellationToken: cancellationToken);
        return header[(header.IndexOf(' ') + 1)..]; // "Bearer <token>": Kiota adds the scheme itself
    }
}
