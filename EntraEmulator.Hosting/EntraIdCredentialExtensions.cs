using Aspire.Hosting.ApplicationModel;
using EntraEmulator.Hosting.Applications;
using EntraEmulator.Hosting.Emulator;

namespace Aspire.Hosting;

/// <summary>An application's credential, for the service that is the application (<c>AzureAd:ClientCredentials</c>).</summary>
public static class EntraIdCredentialExtensions
{
    /// <summary>
    /// A client secret. Emulator: generated for this run (<c>{application}-emulator-client-secret</c>), given to the
    /// emulator and the service only. Tenant: the secret parameter <c>{application}-client-secret</c>.
    /// </summary>
    public static IResourceBuilder<EntraIdApplicationResource> WithClientSecret(this IResourceBuilder<EntraIdApplicationResource> application)
    {
        var builder = application.ApplicationBuilder;
        var prefix = application.Resource.ParameterPrefix;
        application.Resource.Credential = application.Resource.Tenant.Decide() == IdentityMode.Emulator
            ? new ClientSecretCredential(builder.AddParameter($"{prefix}-emulator-client-secret",
                new GenerateParameterDefault { MinLength = 40, Special = false }, secret: true).Resource, forEmulator: true)
            : new ClientSecretCredential(builder.AddParameter($"{prefix}-client-secret", secret: true).Resource, forEmulator: false);
        return application;
    }

    /// <summary>
    /// A certificate. Emulator: a development certificate generated into the emulator's data directory (the service gets
    /// the PKCS#12 file, the emulator the public certificate only). Tenant: a Key Vault certificate named by the parameters
    /// <c>{application}-certificate-key-vault-url</c> and <c>{application}-certificate-name</c>.
    /// </summary>
    public static IResourceBuilder<EntraIdApplicationResource> WithClientCertificate(this IResourceBuilder<EntraIdApplicationResource> application)
    {
        var builder = application.ApplicationBuilder;
        var resource = application.Resource;
        if (resource.Tenant.Decide() == IdentityMode.Emulator)
        {
            var emulator = resource.Tenant.Emulator!;
            var certificate = new Lazy<ClientCertificate>(() => ClientCertificate.EnsureCreated(emulator.DataDirectory, $"{resource.ParameterPrefix}-client"));
            resource.Credential = new ClientCertificateCredential(() => (certificate.Value.PfxPath, certificate.Value.CertificatePath));
        }
        else
        {
            resource.Credential = new ClientCertificateCredential(
                builder.AddParameter($"{resource.ParameterPrefix}-certificate-key-vault-url").Resource,
                builder.AddParameter($"{resource.ParameterPrefix}-certificate-name").Resource);
        }

        return application;
    }

    /// <summary>
    /// A user-assigned managed identity's token as a federated credential: no secret anywhere. Tenant only (the emulator
    /// has no managed identities): the parameter <c>{application}-managed-identity-client-id</c>.
    /// </summary>
    public static IResourceBuilder<EntraIdApplicationResource> WithManagedIdentityCredential(this IResourceBuilder<EntraIdApplicationResource> application)
    {
        var resource = application.Resource;
        if (resource.Tenant.Decide() == IdentityMode.Emulator)
        {
            throw new InvalidOperationException(
                $"'{resource.Name}': the EntraEmulator has no managed identities; use WithClientSecret() or WithClientCertificate() with it.");
        }

        resource.Credential = new ManagedIdentityCredential(
            application.ApplicationBuilder.AddParameter($"{resource.ParameterPrefix}-managed-identity-client-id").Resource);
        return application;
    }
}
