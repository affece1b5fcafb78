using Aspire.Hosting.ApplicationModel;
using AspireObo.AppHost;
using AspireObo.AppHost.KeyRing;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

/// <summary>
/// FrontApi's Data Protection key ring (which encrypts the token cache) is itself encrypted at rest with a certificate
/// that never goes to Redis: <c>DataProtection:KeyEncryptionCertificate</c>, an Identity.Web certificate description.
/// Run: a development certificate the AppHost generates (<c>Front:DataDirectory</c>), handed to every replica by path.
/// Publish: a certificate in Azure Key Vault, named by two parameters (docs/entra-setup.md).
/// </summary>
public static class KeyRingProtectionExtensions
{
    public const string KeyVaultUrlParameter = "front-key-ring-key-vault-url";
    public const string CertificateNameParameter = "front-key-ring-certificate-name";

    private const string Section = "DataProtection__KeyEncryptionCertificate__";

    public static IResourceBuilder<ProjectResource> WithKeyRingProtection(this IResourceBuilder<ProjectResource> front)
    {
        var builder = front.ApplicationBuilder;
        if (builder.ExecutionContext.IsPublishMode)
        {
            return front
                .WithEnvironment(Section + "SourceType", "KeyVault")
                .WithEnvironment(Section + "KeyVaultUrl", builder.AddParameter(KeyVaultUrlParameter))
                .WithEnvironment(Section + "KeyVaultCertificateName", builder.AddParameter(CertificateNameParameter));
        }

        var certificate = KeyEncryptionCertificate.EnsureCreated(DataDirectory(builder.Configuration));
        return front
            .WithEnvironment(Section + "SourceType", "Path")
            .WithEnvironment(Section + "CertificateDiskPath", certificate.PfxPath);
    }

    private static string DataDirectory(IConfiguration configuration)
    {
        var configured = configuration["Front:DataDirectory"];
        return string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(AppHostPaths.DataRoot, "front")
            : Path.GetFullPath(configured);
    }
}
