using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EntraEmulator.Hosting.Emulator;

/// <summary>
/// The EntraEmulator's TLS certificate: self-signed for localhost, generated on first run into the emulator's data
/// directory (never committed), renewed when close to expiry. Services trust exactly this certificate, and only
/// while the emulator is their authority.
/// </summary>
internal sealed record EmulatorCertificate(string CertificatePath, string PrivateKeyPath)
{
    public const string CertificateFileName = "entra-emulator.crt";
    public const string PrivateKeyFileName = "entra-emulator.key";

    public static EmulatorCertificate EnsureCreated(string directory)
    {
        Directory.CreateDirectory(directory);
        var certificate = new EmulatorCertificate(
            Path.Combine(directory, CertificateFileName),
            Path.Combine(directory, PrivateKeyFileName));

        if (!certificate.IsUsable())
        {
            certificate.Create();
        }

        return certificate;
    }

    private bool IsUsable() => DevelopmentCertificateFiles.AreUsable(
        () => X509Certificate2.CreateFromPemFile(CertificatePath, PrivateKeyPath), CertificatePath, PrivateKeyPath);

    private void Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=EntraEmulator (development)", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // serverAuth

        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.Add(DevelopmentCertificateFiles.Validity));

        DevelopmentCertificateFiles.WritePrivate(PrivateKeyPath, System.Text.Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()));
        File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
    }
}
