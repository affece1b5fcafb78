using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EntraEmulator.Hosting.Emulator;

namespace AspireObo.AppHost.KeyRing;

/// <summary>
/// The development certificate that encrypts FrontApi's Data Protection key ring at rest: self-signed, generated on
/// first run into the local data directory (never committed), renewed when close to expiry, its PKCS#12 file
/// (private key) owner-only. Redis then holds only keys wrapped with it, so a copy of Redis unlocks nothing.
/// </summary>
internal sealed record KeyEncryptionCertificate(string PfxPath)
{
    public static KeyEncryptionCertificate EnsureCreated(string directory)
    {
        Directory.CreateDirectory(directory);
        var certificate = new KeyEncryptionCertificate(Path.Combine(directory, "key-ring-encryption.pfx"));
        if (!DevelopmentCertificateFiles.AreUsable(() => X509CertificateLoader.LoadPkcs12FromFile(certificate.PfxPath, password: null), certificate.PfxPath))
        {
            certificate.Create();
        }

        return certificate;
    }

    private void Create()
    {
        using var key = RSA.Create(3072);
        var request = new CertificateRequest("CN=AspireObo FrontApi key ring encryption (development)", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment, true));

        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.Add(DevelopmentCertificateFiles.Validity));
        DevelopmentCertificateFiles.WritePrivate(PfxPath, certificate.Export(X509ContentType.Pkcs12));
    }
}
