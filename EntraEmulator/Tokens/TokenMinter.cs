using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EntraEmulator.ConditionalAccess;
using EntraEmulator.Model;
using EntraEmulator.Protocol;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EntraEmulator.Tokens;

/// <summary>
/// Mints Entra v2.0 tokens (RS256, <c>kid</c> from the JWKS) and assembles token responses. The claim set follows
/// Entra's v2.0 access token reference: <c>aud</c> is the resource's client id, <c>sub</c> is pairwise per app,
/// delegated tokens carry <c>scp</c> (every scope consented for the resource), app-only tokens <c>roles</c>; <c>idtyp</c>
/// only when the resource asks for it as an optional claim; no <c>amr</c> (v1.0 only): how the user signed in is sealed
/// in <c>aio</c>, where only the emulator reads it back.
/// </summary>
public sealed class TokenMinter(
    SigningKey signingKey,
    TenantDirectory directory,
    RefreshTokenStore refreshTokens,
    SignInSessionCodec signIns,
    AccessTokenLifetimes lifetimes,
    TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>Response for a grant made to a user: access token, plus id token / refresh token / client_info on request.</summary>
    /// <param name="nonce">The OpenID Connect nonce of the authorization request, echoed in the id token.</param>
    /// <param name="refresh">How a refresh token is bound: to a SPA (24 hours, carried over) or not (the default).</param>
    public TokenResponse IssueForUser(TokenRequest request, UserIdentity user, DelegatedScopes scopes, string? nonce = null, RefreshTerms? refresh = null)
    {
        var claims = new Dictionary<string, object>
        {
            ["azp"] = request.Client.ClientId,
            ["azpacr"] = ((int)request.ClientAuthentication).ToString(CultureInfo.InvariantCulture),
            ["oid"] = user.ObjectId,
            ["scp"] = string.Join(' ', scopes.Scopes),
            ["sub"] = PairwiseSubject(user.ObjectId, scopes.Resource.ClientId),
        };
        AddProfile(claims, user);
        if (user.AuthenticationContexts is { Count: > 0 } contexts)
        {
            claims["acrs"] = contexts.ToArray();
        }

        if (scopes.Resource.WantsOptionalClaim("idtyp"))
        {
            claims["idtyp"] = "user";
        }

        if (ContinuousAccessEvaluation.CarriesCapabilities(scopes.Resource, request.RequestedClaims))
        {
            claims[ContinuousAccessEvaluation.ClientCapabilitiesClaim] = request.RequestedClaims.ClientCapabilities.ToArray();
        }

        var lifetime = lifetimes.For(scopes.Resource, request.RequestedClaims);
        var accessToken = CreateToken(request.Issuer, scopes.Resource.ClientId, claims, lifetime, signIns.Seal(user));
        var terms = refresh ?? RefreshTerms.Default;

        return new TokenResponse(
            "Bearer",
            scopes.ResponseScope,
            (long)lifetime.TotalSeconds,
            (long)lifetime.TotalSeconds,
            accessToken,
            RefreshToken: scopes.OfflineAccess ? refreshTokens.Issue(request.Client.ClientId, user, scopes.RequestedScope, terms.Spa, terms.SpaExpiry) : null,
            IdToken: scopes.OpenId ? CreateIdToken(request.Issuer, user, request.Client, nonce, lifetime) : null,
            ClientInfo: request.WantsClientInfo ? ClientInfo(user.ObjectId) : null);
    }

    /// <summary>App-only token (client credentials). Entra's response has no <c>scope</c> here.</summary>
    public TokenResponse IssueForApplication(TokenRequest request, ApplicationScopes scopes)
    {
        var claims = new Dictionary<string, object>
        {
            ["azp"] = request.Client.ClientId,
            ["azpacr"] = ((int)request.ClientAuthentication).ToString(CultureInfo.InvariantCulture),
            ["oid"] = request.Client.ServicePrincipalId,
            ["sub"] = request.Client.ServicePrincipalId,
        };

        if (scopes.Resource.WantsOptionalClaim("idtyp"))
        {
            claims["idtyp"] = "app";
        }

        if (scopes.Roles.Count > 0)
        {
            claims["roles"] = scopes.Roles.ToArray();
        }

        var lifetime = lifetimes.Next();
        var accessToken = CreateToken(request.Issuer, scopes.Resource.ClientId, claims, lifetime, RandomId(48));
        return new TokenResponse("Bearer", null, (long)lifetime.TotalSeconds, (long)lifetime.TotalSeconds, accessToken);
    }

    /// <summary><c>name</c> and <c>preferred_username</c> only when the user has them: Entra omits a claim it has no value for.</summary>
    private static void AddProfile(Dictionary<string, object> claims, UserIdentity user)
    {
        if (!string.IsNullOrEmpty(user.Name))
        {
            claims["name"] = user.Name;
        }

        if (!string.IsNullOrEmpty(user.PreferredUsername))
        {
            claims["preferred_username"] = user.PreferredUsername;
        }
    }

    private string CreateIdToken(string issuer, UserIdentity user, RegisteredApplication client, string? nonce, TimeSpan lifetime)
    {
        var claims = new Dictionary<string, object>
        {
            ["oid"] = user.ObjectId,
            ["sub"] = PairwiseSubject(user.ObjectId, client.ClientId),
        };
        AddProfile(claims, user);

        if (nonce is not null)
        {
            claims["nonce"] = nonce;
        }

        return CreateToken(issuer, client.ClientId, claims, lifetime, RandomId(48));
    }

    private string CreateToken(string issuer, string audience, Dictionary<string, object> claims, TimeSpan lifetime, string aio)
    {
        var now = time.GetUtcNow().UtcDateTime;

        claims["aio"] = aio;
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
            Expires = now + lifetime,
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

/// <summary>How a refresh token is bound: a SPA's lasts 24 hours from its first issue, carried over on every refresh.</summary>
public sealed record RefreshTerms(bool Spa, DateTimeOffset? SpaExpiry)
{
    public static readonly RefreshTerms Default = new(false, null);
}
