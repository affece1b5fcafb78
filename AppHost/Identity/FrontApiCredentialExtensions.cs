using Aspire.Hosting.ApplicationModel;
using AspireObo.AppHost.Identity;
using EntraEmulator.Hosting.Applications;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

/// <summary>FrontApi's credential for the On-Behalf-Of exchange, chosen by <c>Front:Credential</c> (see <see cref="FrontApiCredential"/>).</summary>
internal static class FrontApiCredentialExtensions
{
    public static IResourceBuilder<EntraIdApplicationResource> WithFrontApiCredential(
        this IResourceBuilder<EntraIdApplicationResource> front, IConfiguration configuration) =>
        FrontApiCredentialSetting.Read(configuration, withEmulator: front.Resource.Tenant.Emulator is not null) switch
        {
            FrontApiCredential.CertificateFile or FrontApiCredential.KeyVaultCertificate => front.WithClientCertificate(),
            FrontApiCredential.ManagedIdentity => front.WithManagedIdentityCredential(),
            _ => front.WithClientSecret(),
        };
}
