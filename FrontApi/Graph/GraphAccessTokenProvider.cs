using Microsoft.Identity.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;

namespace FrontApi.Graph;

/// <summary>
/// The Graph SDK's (Kiota's) token source: an On-Behalf-Of token for Graph from Identity.Web's <see cref="IAuthorizationHeaderProvider"/>,
/// from the same incoming user token as the DownstreamApi calls and through the same token cache. Only Graph's own host
/// ever gets it. When Graph answered with a claims challenge, the SDK asks again with the challenge's claims
/// (<c>additionalAuthenticationContext["claims"]</c>, base64 as in the header): the token then comes from a new exchange with those
/// claims (Identity.Web's <see cref="AcquireTokenOptions.Claims"/>, past MSAL's cache and FrontApi's header memo).
/// </summary>
public sealed class GraphAccessTokenProvider(IAuthorizationHeaderProvider tokens, string[] scopes, Uri graphBaseUrl) : IAccessTokenProvider
{
    /// <summary>Kiota's key for the claims of a challenge (<c>BaseBearerTokenAuthenticationProvider.ClaimsKey</c>).</summary>
    private const string ClaimsKey = "claims";

    public AllowedHostsValidator AllowedHostsValidator { get; } = new([graphBaseUrl.Host]);

    public async Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
    {
        if (!AllowedHostsValidator.IsUrlHostValid(uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            return string.Empty; // Kiota then sends no Authorization header.
        }

        var options = additionalAuthenticationContext?.TryGetValue(ClaimsKey, out var claims) == true && claims is string { Length: > 0 } challenge
            ? new AuthorizationHeaderProviderOptions { AcquireTokenOptions = new AcquireTokenOptions { Claims = Decode(challenge) } }
            : null;
        var header = await tokens.CreateAuthorizationHeaderForUserAsync(scopes, options, cancellationToken: cancellationToken);
        return header[(header.IndexOf(' ') + 1)..]; // "Bearer <token>": Kiota adds the scheme itself
    }

    /// <summary>The challenge's claims as JSON: Kiota hands them over as the header carries them, base64.</summary>
    private static string Decode(string claims)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(claims));
        }
        catch (FormatException)
        {
            return claims; // already JSON
        }
    }
}
