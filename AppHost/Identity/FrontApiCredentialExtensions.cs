using Aspire.Hosting.ApplicationModel;
using AspireObo.AppHost.Identity;

namespace Aspire.Hosting;

/// <summary>FrontApi's credential for the OBO exchange against Entra ID, as one Identity.Web <c>ClientCredentials</c> entry.</summary>
internal static class FrontApiCredentialExtensions
{
    private const string Credential = "AzureAd__ClientCredentials__0__";

    /// <summary>Declares the parameters of <paramref name="kind"/> and returns what sets FrontApi's credential from them.</summary>
    public static Func<IResourceBuilder<ProjectResource>, IResourceBuilder<ProjectResource>> AddFrontApiCredential(
        this IDistributedApplicationBuilder builder, FrontApiCredential kind)
    {
        switch (kind)
        {
            case FrontApiCredential.KeyVaultCertificate:
                var keyVaultUrl = builder.AddParameter(EntraIdParameters.FrontApiCertificateKeyVaultUrl);
                var certificateName = builder.AddParameter(EntraIdParameters.FrontApiCertificateName);
                return api => api
                    .WithEnvironment(Credential + "SourceType", "KeyVault")
                    .WithEnvironment(Credential + "KeyVaultUrl", keyVaultUrl)
                    .WithEnvironment(Credential + "KeyVaultCertificateName", certificateName);

            case FrontApiCredential.ManagedIdentity:
                var managedIdentityClientId = builder.AddParameter(EntraIdParameters.FrontApiManagedIdentityClientId);
                return api => api
                    .WithEnvironment(Credential + "SourceType", "SignedAssertionFromManagedIdentity")
                    .WithEnvironment(Credential + "ManagedIdentityClientId", managedIdentityClientId);

            case FrontApiCredential.ClientSecret:
                var clientSecret = builder.AddParameter(EntraIdParameters.FrontApiClientSecret, secret: true);
                return api => api
                    .WithEnvironment(Credential + "SourceType", "ClientSecret")
                    .WithEnvironment(Credential + "ClientSecret", clientSecret);

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a credential FrontApi can use with Entra ID.");
        }
    }
}
