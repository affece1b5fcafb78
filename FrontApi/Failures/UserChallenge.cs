using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;

namespace FrontApi.Failures;

/// <summary>
/// The <c>WWW-Authenticate</c> challenge of a 403 when the OBO exchange needs the user (Conditional Access, consent,
/// expired session), with the parameters of Microsoft.Identity.Web's <c>ReplyForbiddenWithWwwAuthenticateHeader</c>:
/// <c>consentUri</c>, <c>claims</c>, <c>scopes</c> (comma-separated, the downstream scopes that could not be obtained)
/// and <c>proposedAction</c>. Two deliberate differences, both so that standard parsers (MSAL's
/// <c>WwwAuthenticateParameters</c>) read it: <c>claims</c> is base64, since raw JSON cannot sit in a quoted string, and
/// a claims challenge carries <c>error="insufficient_claims"</c>, as Entra-protected APIs send it.
/// <para>
/// A caller that declared it handles claims challenges (<see cref="CallerCapabilities"/>: <c>xms_cc</c> = <c>cp1</c>) gets
/// instead the claims challenge Microsoft Learn documents ("Claims challenges, claims requests and client capabilities"):
/// 401 with <c>Bearer realm="", authorization_uri="…", error="insufficient_claims", claims="&lt;base64&gt;"</c>, the one
/// shape CAE-capable MSAL clients act on (they pass the claims to their next <c>acquireToken…</c>). The choice, 401 for
/// a CAE-capable caller and 403 otherwise, is documented in the README ("Claims challenges: CAE and authentication context").
/// </para>
/// </summary>
public sealed class UserChallenge(IOptionsMonitor<MicrosoftIdentityOptions> identityOptions)
{
    /// <summary>The documented claims challenge of a 401, for a caller that handles it (<paramref name="claims"/> as JSON).</summary>
    public string ClaimsChallenge(string claims) =>
        $"Bearer realm=\"\", authorization_uri=\"{Authority()}/oauth2/v2.0/authorize\", error=\"insufficient_claims\", "
        + $"claims=\"{Convert.ToBase64String(Encoding.UTF8.GetBytes(claims))}\"";

    private string Authority()
    {
        var options = identityOptions.Get(JwtBearerDefaults.AuthenticationScheme);
        return $"{options.Instance?.TrimEnd('/')}/{options.TenantId}";
    }

    public string For(IReadOnlyCollection<string> scopes, string? claims)
    {
        var options = identityOptions.Get(JwtBearerDefaults.AuthenticationScheme);
        var authority = Authority();
        var consentUri = $"{authority}/oauth2/v2.0/authorize?client_id={Uri.EscapeDataString(options.ClientId ?? "")}"
            + $"&response_type=code&response_mode=query&scope={Uri.EscapeDataString(string.Join(' ', ["offline_access", .. scopes]))}";

        var parameters = new List<string>();
        if (!string.IsNullOrEmpty(claims))
        {
            parameters.Add("error=\"insufficient_claims\"");
            parameters.Add("error_description=\"The downstream API requires a stronger authentication; sign in again with these claims\"");
        }

        parameters.Add($"consentUri=\"{consentUri}\"");
        if (!string.IsNullOrEmpty(claims))
        {
            parameters.Add($"claims=\"{Convert.ToBase64String(Encoding.UTF8.GetBytes(claims))}\"");
        }

        parameters.Add($"scopes=\"{string.Join(',', scopes)}\"");
        parameters.Add("proposedAction=\"consent\"");
        return "Bearer " + string.Join(", ", parameters);
    }
}
