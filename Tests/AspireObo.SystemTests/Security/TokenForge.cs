using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AspireObo.SystemTests.Security;

/// <summary>
/// Mints the tokens an attacker (or a broken client) would send. "Trusted" tokens are signed with the emulator's real
/// key, read from the file the running emulator keeps it in (<see cref="RunningSystem.EmulatorSigningKeyPath"/>): that is how a test gets a
/// correctly signed token with claims no grant would issue (expired, other tenant, app-only...) without adding a
/// non-Entra knob to the emulator. Everything else is signed with keys generated here.
/// </summary>
public sealed class TokenForge : IDisposable
{
    public const string OtherTenantId = "11111111-2222-4333-8444-555555555555";

    private readonly RSA _emulatorKey = RSA.Create();
    private readonly RSA _attackerKey = RSA.Create(2048);
    private readonly string _keyId;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    // IdentityModel caches signature providers process-wide by key; this forge's keys are disposed after each test.
    private readonly CryptoProviderFactory _providers = new() { CacheSignatureProviders = false };

    public TokenForge(string signingKeyPath, AccessToken realUserToken)
    {
        _emulatorKey.ImportFromPem(File.ReadAllText(signingKeyPath));
        var header = new JsonWebToken(realUserToken.Value);
        _keyId = header.Kid;
        Issuer = header.Issuer;
        RealUserToken = realUserToken;
    }

    public string Issuer { get; }

    public AccessToken RealUserToken { get; }

    /// <summary>The claims of a genuine delegated token for <paramref name="audience"/>, as a starting point to tamper with.</summary>
    public Dictionary<string, object> UserClaims(string audience, string scopes, string azp = DevTenant.DevClientId) => new()
    {
        ["iss"] = Issuer,
        ["aud"] = audience,
        ["tid"] = DevTenant.TenantId,
        ["oid"] = RealUserToken.ObjectId,
        ["sub"] = "forged-subject",
        ["azp"] = azp,
        ["azpacr"] = "0",
        ["scp"] = scopes,
        ["ver"] = "2.0",
        ["name"] = "Forged",
        ["preferred_username"] = "forged@aspireobo.dev",
    };

    /// <summary>Signed by the emulator's real key (RS256, its real kid), valid from 5 minutes ago for an hour unless told otherwise.</summary>
    public AccessToken Trusted(Dictionary<string, object> claims, DateTime? notBefore = null, DateTime? expires = null)
    {
        var now = DateTime.UtcNow;
        return Sign(claims, new SigningCredentials(new RsaSecurityKey(_emulatorKey) { KeyId = _keyId }, SecurityAlgorithms.RsaSha256) { CryptoProviderFactory = _providers },
            notBefore ?? now.AddMinutes(-5), expires ?? now.AddHours(1));
    }

    /// <summary>Signed with a key the system never saw, published under a kid nobody knows.</summary>
    public AccessToken UnknownKey(Dictionary<string, object> claims) =>
        Sign(claims, new SigningCredentials(new RsaSecurityKey(_attackerKey) { KeyId = "unknown-" + Guid.NewGuid().ToString("N") }, SecurityAlgorithms.RsaSha256) { CryptoProviderFactory = _providers },
            DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddHours(1));

    /// <summary>The classic key-confusion attack: HS256 whose HMAC secret is the emulator's public key, under the real kid.</summary>
    public AccessToken HmacWithPublicKey(Dictionary<string, object> claims)
    {
        var publicPem = Encoding.ASCII.GetBytes(_emulatorKey.ExportSubjectPublicKeyInfoPem());
        return Sign(claims, new SigningCredentials(new SymmetricSecurityKey(publicPem) { KeyId = _keyId }, SecurityAlgorithms.HmacSha256) { CryptoProviderFactory = _providers },
            DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddHours(1));
    }

    /// <summary><c>alg: none</c>, no signature.</summary>
    public AccessToken Unsigned(Dictionary<string, object> claims)
    {
        var now = DateTimeOffset.UtcNow;
        var payload = new Dictionary<string, object>(claims)
        {
            ["nbf"] = now.AddMinutes(-5).ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
        };
        var header = Base64UrlEncoder.Encode($$"""{"alg":"none","typ":"JWT","kid":"{{_keyId}}"}""");
        var body = Base64UrlEncoder.Encode(System.Text.Json.JsonSerializer.Serialize(payload));
        return new AccessToken($"{header}.{body}.");
    }

    /// <summary>The real user token with its signature's last bytes changed.</summary>
    public AccessToken WithBrokenSignature(AccessToken token)
    {
        var parts = token.Value.Split('.');
        var signature = Base64UrlEncoder.DecodeBytes(parts[2]);
        signature[^1] ^= 0xFF;
        signature[^2] ^= 0xFF;
        return new AccessToken($"{parts[0]}.{parts[1]}.{Base64UrlEncoder.Encode(signature)}");
    }

    private AccessToken Sign(Dictionary<string, object> claims, SigningCredentials credentials, DateTime notBefore, DateTime expires)
    {
        var payload = new Dictionary<string, object>(claims);
        payload.Remove("iss");
        payload.Remove("aud");
        return new AccessToken(_handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = (string)claims["iss"],
            Audience = (string)claims["aud"],
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            Claims = payload,
            SigningCredentials = credentials,
        }));
    }

    public void Dispose()
    {
        _emulatorKey.Dispose();
        _attackerKey.Dispose();
    }
}
