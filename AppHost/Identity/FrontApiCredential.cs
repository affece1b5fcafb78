using Microsoft.Extensions.Configuration;

namespace AspireObo.AppHost.Identity;

/// <summary>
/// How FrontApi proves its identity to the authority in the OBO exchange: the AppHost setting <c>Front:Credential</c>,
/// the same in emulator and Entra ID mode. Each maps to one Microsoft.Identity.Web <c>AzureAd:ClientCredentials</c> entry.
/// </summary>
public enum FrontApiCredential
{
    /// <summary>
    /// <c>SourceType=ClientSecret</c> (the default). Emulator: a secret generated per run. Entra ID: the secret parameter
    /// <c>front-api-client-secret</c>.
    /// </summary>
    ClientSecret,

    /// <summary>
    /// <c>SourceType=Path</c>: a certificate file on this machine. Emulator only: a development certificate generated into
    /// the emulator's data directory; the emulator gets only its public part.
    /// </summary>
    CertificateFile,

    /// <summary>
    /// <c>SourceType=KeyVault</c>: a certificate kept in Azure Key Vault, read with FrontApi's Azure identity. Entra ID only:
    /// parameters <c>front-api-certificate-key-vault-url</c> and <c>front-api-certificate-name</c>.
    /// </summary>
    KeyVaultCertificate,

    /// <summary>
    /// <c>SourceType=SignedAssertionFromManagedIdentity</c>: a managed identity's token as a federated credential, so there is
    /// no secret at all. Entra ID only, in Azure: parameter <c>front-api-managed-identity-client-id</c>.
    /// </summary>
    ManagedIdentity,
}

/// <summary>Reads <c>Front:Credential</c>, and refuses a value the current authority cannot use.</summary>
internal static class FrontApiCredentialSetting
{
    public const string Key = "Front:Credential";

    /// <summary>The setting this one replaced (it only applied in Entra ID mode, with other names).</summary>
    private const string FormerEntraIdKey = "EntraId:FrontApiCredential";

    public static FrontApiCredential Read(IConfiguration configuration, bool withEmulator)
    {
        if (!string.IsNullOrWhiteSpace(configuration[FormerEntraIdKey]))
        {
            throw new InvalidOperationException(
                $"'{FormerEntraIdKey}' is no longer read: set '{Key}' instead ({Choices}); Key Vault is '{nameof(FrontApiCredential.KeyVaultCertificate)}'.");
        }

        var configured = configuration[Key];
        var credential = string.IsNullOrWhiteSpace(configured)
            ? FrontApiCredential.ClientSecret
            : Enum.TryParse<FrontApiCredential>(configured, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new InvalidOperationException($"{Key} '{configured}' is not known. Use one of: {Choices}.");

        var usable = withEmulator
            ? credential is FrontApiCredential.ClientSecret or FrontApiCredential.CertificateFile
            : credential is not FrontApiCredential.CertificateFile;
        return usable
            ? credential
            : throw new InvalidOperationException(withEmulator
                ? $"{Key} '{credential}' needs Microsoft Entra ID; with the emulator use '{nameof(FrontApiCredential.ClientSecret)}' or '{nameof(FrontApiCredential.CertificateFile)}'."
                : $"{Key} '{credential}' is for the emulator (a generated development certificate); with Entra ID use " +
                  $"'{nameof(FrontApiCredential.ClientSecret)}', '{nameof(FrontApiCredential.KeyVaultCertificate)}' or '{nameof(FrontApiCredential.ManagedIdentity)}'.");
    }

    private static string Choices => string.Join(", ", Enum.GetNames<FrontApiCredential>());
}
