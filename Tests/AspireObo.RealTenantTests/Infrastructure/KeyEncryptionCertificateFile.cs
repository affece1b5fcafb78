using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AspireObo.RealTenantTests.Infrastructure;

/// <summary>
/// A throwaway key-encryption certificate (PKCS#12 with its private key, owner-only) standing in for the one the
/// AppHost generates or Key Vault holds: FrontApi outside Development starts only with its key ring protected.
/// </summary>
public static class KeyEncryptionCertificateFile
{
    private static readonly Lazy<string> Created = new(Create);

    public static string Path => Created.Value;

    private static string Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=AspireObo test key ring encryption", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"aspireobo-test-kek-{Guid.NewGuid():N}.pfx");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(path, options))
        {
            file.Write(certificate.Export(X509ContentType.Pkcs12));
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
        return path;
    }
}
