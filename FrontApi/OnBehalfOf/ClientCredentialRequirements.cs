using Microsoft.Identity.Abstractions;

namespace FrontApi.OnBehalfOf;

/// <summary>
/// Whether an <c>AzureAd:ClientCredentials</c> entry names everything its <c>SourceType</c> needs, so a
/// misconfigured credential stops FrontApi at startup instead of failing every OBO exchange at request time.
/// Only presence is checked here: loading a certificate or a managed identity's token happens at first use.
/// </summary>
public static class ClientCredentialRequirements
{
    public const string Help =
        "'AzureAd:ClientCredentials' has no complete credential. Set AzureAd__ClientCredentials__0__SourceType and what it needs: " +
        "ClientSecret (ClientSecret), KeyVault (KeyVaultUrl, KeyVaultCertificateName), Path (CertificateDiskPath), " +
        "StoreWithThumbprint (CertificateStorePath, CertificateThumbprint), StoreWithDistinguishedName (CertificateStorePath, " +
        "CertificateDistinguishedName), Base64Encoded (Base64EncodedValue), SignedAssertionFromManagedIdentity " +
        "(ManagedIdentityClientId for a user-assigned identity), SignedAssertionFilePath. The AppHost sets them for you; see docs/entra-setup.md.";

    public static bool IsComplete(CredentialDescription credential) => credential.SourceType switch
    {
        CredentialSource.ClientSecret => Has(credential.ClientSecret),
        CredentialSource.Certificate => credential.Certificate is not null,
        CredentialSource.KeyVault => Has(credential.KeyVaultUrl) && Has(credential.KeyVaultCertificateName),
        CredentialSource.Path => Has(credential.CertificateDiskPath),
        CredentialSource.StoreWithThumbprint => Has(credential.CertificateStorePath) && Has(credential.CertificateThumbprint),
        CredentialSource.StoreWithDistinguishedName => Has(credential.CertificateStorePath) && Has(credential.CertificateDistinguishedName),
        CredentialSource.Base64Encoded => Has(credential.Base64EncodedValue),
        // No client id means the system-assigned identity; no path means AZURE_FEDERATED_TOKEN_FILE (workload identity).
        CredentialSource.SignedAssertionFromManagedIdentity => true,
        CredentialSource.SignedAssertionFilePath => true,
        _ => false,
    };

    private static bool Has(string? value) => !string.IsNullOrWhiteSpace(value);
}
