using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AspireObo.RealTenantTests.Infrastructure;

/// <summary>A throwaway self-signed certificate file standing in for the emulator's (emulator-mode controls).</summary>
public sealed class TemporaryCertificate : IDisposable
{
    public TemporaryCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"aspireobo-test-{Guid.NewGuid():N}.crt");
        File.WriteAllText(Path, certificate.ExportCertificatePem());
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
