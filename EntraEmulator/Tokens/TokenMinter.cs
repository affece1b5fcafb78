using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EntraEmulator.Model;
using EntraEmulator.Options;
using EntraEmulator.Protocol;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EntraEmulator.Tokens;

/// <summary>
/// Mints Entra v2.0 tokens (RS256, <c>kid</c> from the JWKS) and assembles token responses. The claim set follows
/// Entra's v2.0 access token reference: <c>aud</c> is the resource's client id, <c>sub</c> is pairwise per app,
/// delegated tokens carry <c>scp</c>, app-only tokens <c>roles</c> and <c>idtyp: app</c>.
/// </summary>
public sealed class TokenMinter(
    SigningKey signingKey,
    TenantDirectory directory,
    RefreshTokenStore refreshTokens,
    IOptions<EntraEmulatorOptions> options,
    TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly TimeSpan _lifetime = options.Value.AccessTokenLifetime;

    /// <summary>Response for a grant made to a user: access token, plus id token / refresh token / client_info on request.</summary>
    /// <param name="nonce">The OpenID Connect nonce of the authorization request, echoed in the id token.</param>
    public TokenResponse IssueForUser(TokenRequest request, UserIdentity user, DelegatedScopes scopes, string? nonce = null)
    {
        var accessToken = CreateToken(request.Issuer, scopes.Resource.ClientId, WithSignInClaims(user, new Dictionary<string, object>
        {
            ["azp"] = request.Client.ClientId,
            ["azpacr"] = request.ClientAuthenticated ? "1" : "0",
            ["name"] = user.Name ?? "",
            ["oid"] = user.ObjectId,
            ["preferred_username"] = user.PreferredUsername ?? "",
            ["scp"] = string.Join(' ', scopes.Scopes),
            ["sub"] = PairwiseSubject(user.ObjectId, scopes.Resource.ClientId),
        }));

        return new TokenResponse(
            "Bearer",
            scopes.ResponseScope,
            (long)_lifetime.TotalSeconds,
            (long)_lifetime.TotalSeconds,
            accessToken,
            RefreshToken: scopes.OfflineAccess ? refreshTokens.Issue(request.Client.ClientId, user, scopes.RequestedScope) : null,
            IdToken: scopes.OpenId ? CreateIdToken(request.Issuer, user, request.Client, nonce) : null,
            ClientInfo: request.WantsClientInfo ? ClientInfo(user.ObjectId) : null);
    }

    /// <summary>App-only token (client credentials). Entra's response has no <c>scope</c> here.</summary>
    public TokenResponse IssueForApplication(TokenRequest request, ApplicationScopes scopes)
    {
        var claims = new Dictionary<string, object>
        {
            ["azp"] = request.Client.ClientId,
            ["azpacr"] = "1",
            ["idtyp"] = "app",
            ["oid"] = request.Client.ServicePrincipalId,
            ["sub"] = request.Client.ServicePrincipalId,
        };

        if (scopes.Roles.Count > 0)
        {
            claims["roles"] = scopes.Roles.ToArray();
        }

        var accessToken = CreateToken(request.Issuer, scopes.Resource.ClientId, claims);
        return new TokenResponse("Bearer", null, (long)_lifetime.TotalSeconds, (long)_lifetime.TotalSeconds, accessToken);
    }

    /// <summary><c>amr</c> and <c>acrs</c>: how the user signed in, which Conditional Access reads.</summary>
    private static Dictionary<string, object> WithSignInClaims(UserIdentity user, Dictionary<string, object> claims)
    {
        if (user.AuthenticationMethods is { Count: > 0 } methods)
        {
            claims["amr"] = methods.ToArray();
        }

        if (user.AuthenticationContexts is { Count: > 0 } contexts)
        {
            claims["acrs"] = contexts.ToArray();
        }

        return claims;
    }

    private string CreateIdToken(string issuer, UserIdentity user, RegisteredApplication client, string? nonce)
    {
        var claims = new Dictionary<string, object>
        {
            ["name"] = user.Name ?? "",
            ["oid"] = user.ObjectId,
            ["preferred_username"] = user.PreferredUsername ?? "",
            ["sub"] = PairwiseSubject(user.ObjectId, client.ClientId),
        };

        if (nonce is not null)
        {
            claims["nonce"] = nonce;
        }

        return CreateToken(issuer, client.ClientId, claims);
    }

    private string CreateToken(string issuer, string audience, Dictionary<string, object> claims)
    {
        var now = time.GetUtcNow().UtcDateTime;

        claims["aio"] = RandomId(48);
        claims["rh"] = "0." + RandomId(32);
        claims["tid"] = directory.TenantId;
        claims["uti"] = RandomId(16);
        claims["ver"] = "2.0";

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now,
            // Entra back-dates nbf by 5 minutes to absorb clock skew.
            NotBefore = now.AddMinutes(-5),
            Expires = now + _lifetime,
            Claims = claims,
            SigningCredentials = signingKey.Credentials,
        });
    }

    /// <summary>Base64url of <c>{"uid":oid,"utid":tid}</c>: MSAL's home account id.</summary>
    private string ClientInfo(string objectId) =>
        Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["uid"] = objectId,
            ["utid"] = directory.TenantId,
        }));

    /// <summary>Stable for a user and an app, different across apps (Entra's pairwise <c>sub</c>).</summary>
    internal static string PairwiseSubject(string objectId, string clientId) =>
        Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes($"{objectId.ToLowerInvariant()}|{clientId.ToLowerInvariant()}")));

    private static string RandomId(int bytes) => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(bytes));
}
