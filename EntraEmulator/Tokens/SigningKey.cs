using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace EntraEmulator.Tokens;

/// <summary>
/// The tenant's RSA signing key. Persisted so tokens (and the JWKS that APIs cached) stay valid across restarts;
/// <c>kid</c> is the RFC 7638 thumbprint, so a different key can never be published under an old <c>kid</c>.
/// </summary>
public sealed class SigningKey : IDisposable
{
    public const string FileName = "signing-key.pem";

    private readonly RSA _rsa;

    private SigningKey(RSA rsa)
    {
        _rsa = rsa;
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        Modulus = Base64UrlEncoder.Encode(parameters.Modulus);
        Exponent = Base64UrlEncoder.Encode(parameters.Exponent);
        KeyId = Thumbprint(Modulus, Exponent);
        // IdentityModel caches signature providers process-wide by key thumbprint; a restarted host (tests) would get
        // one built on the previous, disposed RSA instance. Signing is cheap enough without the cache.
        var providers = new CryptoProviderFactory { CacheSignatureProviders = false };
        SecurityKey = new RsaSecurityKey(rsa) { KeyId = KeyId, CryptoProviderFactory = providers };
        Credentials = new SigningCredentials(SecurityKey, SecurityAlgorithms.RsaSha256) { CryptoProviderFactory = providers };
    }

    public string KeyId { get; }

    /// <summary>Base64url modulus (<c>n</c>) and exponent (<c>e</c>) for the JWKS.</summary>
    public string Modulus { get; }

    public string Exponent { get; }

    public RsaSecurityKey SecurityKey { get; }

    public SigningCredentials Credentials { get; }

    /// <summary>Loads the key from <paramref name="directory"/>, creating it (owner-only file) on first run.</summary>
    public static SigningKey LoadOrCreate(string directory, out bool created)
    {
        var path = Path.Combine(directory, FileName);
        created = false;

        if (!File.Exists(path))
        {
            CreateDirectory(directory);
            using var rsa = RSA.Create(2048);
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            WriteOwnerOnly(temporary, rsa.ExportPkcs8PrivateKeyPem());
            try
            {
                // Another instance may have won the race: its key is the one to keep.
                File.Move(temporary, path, overwrite: false);
                created = true;
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }

        var key = RSA.Create();
        key.ImportFromPem(File.ReadAllText(path));
        return new SigningKey(key);
    }

    /// <summary>RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace.</summary>
    private static string Thumbprint(string modulus, string exponent)
    {
        var canonical = $$"""{"e":"{{exponent}}","kty":"RSA","n":"{{modulus}}"}""";
        return Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static void CreateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static void WriteOwnerOnly(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, Encoding.ASCII, options);
        writer.Write(content);
    }

    public void Dispose() => _rsa.Dispose();
}
