namespace AspireObo.AppHost.Identity;

/// <summary>
/// How FrontApi proves its identity to Entra ID in the OBO exchange (AppHost setting <c>EntraId:FrontApiCredential</c>).
/// Each maps to one Microsoft.Identity.Web <c>AzureAd:ClientCredentials</c> entry.
/// </summary>
public enum FrontApiCredentialKind
{
    /// <summary><c>SourceType=ClientSecret</c>, from the secret parameter <c>front-api-client-secret</c>.</summary>
    ClientSecret,

    /// <summary><c>SourceType=KeyVault</c>: a certificate in Azure Key Vault, read with FrontApi's Azure identity.</summary>
    Certificate,

    /// <summary>
    /// <c>SourceType=SignedAssertionFromManagedIdentity</c>: a managed identity's token as a federated credential,
    /// so there is no secret at all (Azure only).
    /// </summary>
    ManagedIdentity,
}
