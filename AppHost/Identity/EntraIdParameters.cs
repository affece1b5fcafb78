namespace AspireObo.AppHost.Identity;

/// <summary>
/// The AppHost parameters that describe a Microsoft Entra ID tenant and the two app registrations
/// (<c>Parameters:&lt;name&gt;</c> in user secrets locally, the azd environment in Azure). See docs/entra-setup.md.
/// </summary>
public static class EntraIdParameters
{
    /// <summary>The directory (tenant) id, or a verified domain such as <c>contoso.onmicrosoft.com</c>.</summary>
    public const string TenantId = "entra-tenant-id";

    /// <summary>FrontApi's application (client) id: the audience of the user tokens, the client of the OBO exchange.</summary>
    public const string FrontApiClientId = "front-api-client-id";

    /// <summary>DownstreamApi's application (client) id: the audience of the OBO tokens.</summary>
    public const string DownstreamApiClientId = "downstream-api-client-id";

    /// <summary>FrontApi's client secret (with <c>Front:Credential=ClientSecret</c>, the default).</summary>
    public const string FrontApiClientSecret = "front-api-client-secret";

    /// <summary>The Key Vault holding FrontApi's certificate, e.g. <c>https://contoso.vault.azure.net/</c> (with <c>KeyVaultCertificate</c>).</summary>
    public const string FrontApiCertificateKeyVaultUrl = "front-api-certificate-key-vault-url";

    /// <summary>The certificate's name in that Key Vault (with <c>KeyVaultCertificate</c>).</summary>
    public const string FrontApiCertificateName = "front-api-certificate-name";

    /// <summary>
    /// The client id of the user-assigned managed identity whose token FrontApi presents as a federated credential
    /// (with <c>ManagedIdentity</c>).
    /// </summary>
    public const string FrontApiManagedIdentityClientId = "front-api-managed-identity-client-id";

    /// <summary>The identifiers whose presence switches a run from the emulator to Entra ID.</summary>
    public static IReadOnlyList<string> Identifiers { get; } = [TenantId, FrontApiClientId, DownstreamApiClientId];
}
