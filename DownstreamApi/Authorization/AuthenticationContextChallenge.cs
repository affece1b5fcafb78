using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.Identity.Web;
using Microsoft.Net.Http.Headers;

namespace DownstreamApi.Authorization;

/// <summary>
/// Step-up for one operation, as Microsoft Learn's developer guide to authentication context has an API do it: the
/// token's <c>acrs</c> must name the required context; otherwise 401 with a claims challenge the caller's MSAL acts on
/// (<c>WWW-Authenticate: Bearer realm="", authorization_uri="…", error="insufficient_claims", claims="&lt;base64&gt;"</c>,
/// the claims being <c>{"access_token":{"acrs":{"essential":true,"value":"c1"}}}</c>), with problem details.
/// </summary>
public static class AuthenticationContextChallenge
{
    private const string AcrsClaim = "acrs";

    public static bool IsSatisfied(ClaimsPrincipal user, string? context) =>
        string.IsNullOrEmpty(context) || user.FindAll(AcrsClaim).Any(claim => string.Equals(claim.Value, context, StringComparison.OrdinalIgnoreCase));

    public static IResult For(string context, HttpContext http)
    {
        var identity = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<MicrosoftIdentityOptions>>()
            .Get(Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerDefaults.AuthenticationScheme);
        var authorizationUri = $"{identity.Instance?.TrimEnd('/')}/{identity.TenantId}/oauth2/v2.0/authorize";
        var claims = JsonSerializer.Serialize(new { access_token = new { acrs = new { essential = true, value = context } } });

        http.Response.Headers[HeaderNames.WWWAuthenticate] =
            $"Bearer realm=\"\", authorization_uri=\"{authorizationUri}\", error=\"insufficient_claims\", "
            + $"claims=\"{Convert.ToBase64String(Encoding.UTF8.GetBytes(claims))}\"";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "A stronger authentication is required",
            detail: $"This operation requires the authentication context '{context}'. Sign in again with the claims of the WWW-Authenticate challenge.");
    }
}
