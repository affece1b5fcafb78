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
/// </summary>
public sealed class UserChallenge(IOptionsMonitor<MicrosoftIdentityOptions> identityOptions)
{
    public string For(IReadOnlyCollection<string> scopes, string? claims)
    {
        var options = identityOptions.Get(JwtBearerDefaults.AuthenticationScheme);
        var authority = $"{options.Instance?.TrimEnd('/')}/{options.TenantId}";
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
