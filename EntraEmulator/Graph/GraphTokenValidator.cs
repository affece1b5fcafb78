using EntraEmulator.Grants;
using EntraEmulator.Protocol;
using EntraEmulator.Tokens;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Net.Http.Headers;

namespace EntraEmulator.Graph;

/// <summary>
/// Checks a bearer token the way Microsoft Graph does before it answers: signed by this tenant's key, issued by this
/// tenant, addressed to Graph (<c>aud</c> = Graph's app id or <c>https://graph.microsoft.com</c>), within its lifetime.
/// </summary>
public sealed class GraphTokenValidator(SigningKey signingKey, EmulatorUrls urls, TimeProvider time)
{
    private static readonly string[] Audiences = [MicrosoftGraph.ClientId, MicrosoftGraph.ResourceUri, MicrosoftGraph.ResourceUri + "/"];

    private readonly JsonWebTokenHandler _handler = new();

    /// <returns>The validated token, or null when there is none or it is not valid for Graph.</returns>
    public async Task<JsonWebToken?> ValidateAsync(HttpRequest request)
    {
        var authorization = request.Headers[HeaderNames.Authorization].ToString();
        const string bearer = "Bearer ";
        if (!authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var result = await _handler.ValidateTokenAsync(authorization[bearer.Length..].Trim(), new TokenValidationParameters
        {
            IssuerSigningKey = signingKey.SecurityKey,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidIssuer = urls.Issuer(request),
            ValidAudiences = Audiences,
            LifetimeValidator = AssertionLifetime.On(time),
        });

        return result.IsValid ? (JsonWebToken)result.SecurityToken : null;
    }
}
