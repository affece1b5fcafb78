using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EntraEmulator.Hosting.Emulator;

/// <summary>
/// A development certificate credential for an app registration: self-signed, generated on first use into the local
/// data directory (never committed). The app gets the PKCS#12 file (private key, owner-only), the emulator the public
/// certificate, as a real tenant gets the certificate uploaded to the app registration.
/// </summary>
internal sealed record ClientCertificate(string PfxPath, string CertificatePath)
{
    public static ClientCertificate EnsureCreated(string directory, string name)
    {
        Directory.CreateDirectory(directory);
        var certificate = new ClientCertificate(Path.Combine(directory, name + ".pfx"), Path.Combine(directory, name + ".crt"));
        if (!certificate.IsUsable())
        {
            certificate.Create(name);
        }

        return certificate;
    }

    private bool IsUsable() => DevelopmentCertificateFiles.AreUsable(
        () => X509CertificateLoader.LoadCertificateFromFile(CertificatePath), PfxPath, CertificatePath);

    private void Create(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN=EntraEmulator {name} (development client credential)", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));

        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.Add(DevelopmentCertificateFiles.Validity));

        DevelopmentCertificateFiles.WritePrivate(PfxPath, certificate.Export(X509ContentType.Pkcs12));
        File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
    }
}
