using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Identity.Web;

namespace FrontApi.TokenCache;

public static class KeyRingProtectionExtensions
{
    /// <summary>An Identity.Web certificate description: <c>SourceType</c> <c>Path</c>, <c>KeyVault</c>, <c>StoreWithThumbprint</c>...</summary>
    public const string CertificateSection = "DataProtection:KeyEncryptionCertificate";

    /// <summary>
    /// Encrypts the Data Protection key ring at rest with the certificate of <c>DataProtection:KeyEncryptionCertificate</c>,
    /// so the key ring in Redis is useless without that certificate, which never goes to Redis (the AppHost hands a
    /// generated one to every replica; in Azure it lives in Key Vault). Outside Development an unprotected key ring
    /// would let anyone with a copy of Redis decrypt every cached token: FrontApi then refuses to start.
    /// </summary>
    public static IDataProtectionBuilder ProtectKeysAtRest(this IDataProtectionBuilder dataProtection, IHostApplicationBuilder builder)
    {
        var description = builder.Configuration.GetSection(CertificateSection).Get<CertificateDescription>();
        if (description is null)
        {
            return builder.Environment.IsDevelopment()
                ? dataProtection // e.g. FrontApi run on its own: the key ring is stored as is (docs/security.md)
                : throw new InvalidOperationException(
                    $"The Data Protection key ring that encrypts the token cache would be stored unprotected beside it in Redis. " +
                    $"Configure '{CertificateSection}' (an Identity.Web certificate description, e.g. SourceType=KeyVault with KeyVaultUrl " +
                    "and KeyVaultCertificateName, or SourceType=Path with CertificateDiskPath) with a certificate that has a private key. " +
                    "See docs/security.md and docs/entra-setup.md.");
        }

        // Loaded now, not at first use: a missing certificate or vault access fails the start, not the first request.
        X509Certificate2? certificate;
        try
        {
            certificate = DefaultCertificateLoader.LoadFirstCertificate([description]);
        }
        catch (Exception exception)
        {
            throw CannotLoad(description, exception);
        }

        if (certificate is null || !certificate.HasPrivateKey)
        {
            throw CannotLoad(description, null);
        }

        // Decryption must not depend on a certificate store (on Linux, EncryptedXml finds none): name the certificate.
        return dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
    }

    private static InvalidOperationException CannotLoad(CertificateDescription description, Exception? cause) => new(
        $"'{CertificateSection}' ({description.SourceType}) did not load a certificate with a private key: " +
        "the key ring could be written but never read back.", cause);
}
