using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FrontApi.Tests.Infrastructure;

/// <summary>
/// Callers' access tokens for FrontApi, shaped as Entra ID v2.0 access tokens (<c>iss</c>, <c>ver</c>, <c>aud</c> = FrontApi's
/// client id, <c>tid</c>, <c>oid</c>, <c>scp</c>), signed with a key generated for this test run. FrontApi validates them
/// with its own JwtBearer and Identity.Web rules; only where the signing key comes from is set by the test host.
/// </summary>
public sealed class UserTokens
{
    public const string TenantId = "5f1e7c2a-9b3d-4c8e-a1f0-3d2b6e4a7c90";
    /// <summary>
    /// FrontApi's client id, new for each test host: MSAL keeps some state per process (its throttling of an application
    /// after Retry-After), and the token cache's L2 is the tests' one Redis; a client id of its own isolates each host.
    /// </summary>
    public string FrontApiClientId { get; }
    public const string ClientAppId = "c3e5a7b9-1d2f-4a6c-8e0b-2d4f6a8c0e1a";

    private readonly JsonWebTokenHandler _handler = new();

    /// <param name="frontApiClientId">The audience; a new one when null.</param>
    public UserTokens(string? frontApiClientId = null)
    {
        FrontApiClientId = frontApiClientId ?? Guid.NewGuid().ToString();
        var rsa = RSA.Create(2048);
        SigningKey = new RsaSecurityKey(rsa) { KeyId = Guid.NewGuid().ToString("N") };
    }

    public static string Issuer => $"https://login.microsoftonline.com/{TenantId}/v2.0";

    public SecurityKey SigningKey { get; }

    /// <summary>A token for the user <paramref name="oid"/>; each call gives a different token (its own <c>uti</c>).</summary>
    /// <param name="without">Claims to leave out (a malformed or unusual token).</param>
    public string For(string oid, string scope = "access_as_user", TimeSpan? lifetime = null, params string[] without) =>
        Create(oid, scope, lifetime, without, null);

    /// <summary>A token of a caller that declared client capabilities (<c>xms_cc</c>, e.g. <c>cp1</c>: it handles claims challenges).</summary>
    public string ForCapableClient(string oid, params string[] capabilities) =>
        Create(oid, "access_as_user", null, [], new Dictionary<string, object> { ["xms_cc"] = capabilities });

    private string Create(string oid, string scope, TimeSpan? lifetime, string[] without, Dictionary<string, object>? extra)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["ver"] = "2.0",
            ["tid"] = TenantId,
            ["oid"] = oid,
            ["sub"] = $"sub-{oid}",
            ["azp"] = ClientAppId,
            ["scp"] = scope,
            ["name"] = $"User {oid}",
            ["uti"] = Guid.NewGuid().ToString("N"),
        };
        foreach (var claim in without)
        {
            claims.Remove(claim);
        }

        foreach (var (name, value) in extra ?? [])
        {
            claims[name] = value;
        }

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = FrontApiClientId,
            IssuedAt = now,
            NotBefore = now.AddMinutes(-1),
            Expires = now + (lifetime ?? TimeSpan.FromHours(1)),
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.RsaSha256),
            Claims = claims,
        });
    }
}
