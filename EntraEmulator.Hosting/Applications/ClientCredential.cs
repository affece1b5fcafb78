using Aspire.Hosting.ApplicationModel;

namespace EntraEmulator.Hosting.Applications;

/// <summary>
/// How an application proves itself to the authority: one Microsoft.Identity.Web <c>ClientCredentials</c> entry for
/// the service, and (with the emulator) what the emulator's registration must know to check it.
/// </summary>
public abstract class ClientCredential
{
    private const string Entry = "AzureAd__ClientCredentials__0__";

    /// <summary>Identity.Web's <c>SourceType</c> of this credential.</summary>
    public abstract string SourceType { get; }

    internal void WriteServiceSettings(IDictionary<string, object> environment)
    {
        environment[Entry + "SourceType"] = SourceType;
        foreach (var (name, value) in ServiceSettings())
        {
            environment[Entry + name] = value;
        }
    }

    /// <summary>The <c>ClientCredentials</c> entry's other settings (values are strings, parameters or expressions).</summary>
    private protected abstract IEnumerable<(string Name, object Value)> ServiceSettings();

    /// <summary>The emulator registration's settings (<c>ClientSecret</c>, <c>ClientCertificatePath</c>); none against a tenant.</summary>
    internal virtual IEnumerable<(string Name, object Value)> EmulatorSettings() => [];
}

/// <summary>A client secret: generated per run for the emulator; the secret parameter <c>{name}-client-secret</c> for a tenant.</summary>
public sealed class ClientSecretCredential : ClientCredential
{
    private readonly bool _forEmulator;

    internal ClientSecretCredential(ParameterResource secret, bool forEmulator)
    {
        Secret = secret;
        _forEmulator = forEmulator;
    }

    public ParameterResource Secret { get; }

    public override string SourceType => "ClientSecret";

    private protected override IEnumerable<(string Name, object Value)> ServiceSettings() => [("ClientSecret", Secret)];

    internal override IEnumerable<(string Name, object Value)> EmulatorSettings() => _forEmulator ? [("ClientSecret", Secret)] : [];
}

/// <summary>
/// A certificate. Emulator: a development certificate generated into the emulator's data directory (never committed);
/// the service gets the PKCS#12 file, the emulator only the public certificate. Tenant: a certificate in Key Vault,
/// named by the parameters <c>{name}-certificate-key-vault-url</c> and <c>{name}-certificate-name</c>.
/// </summary>
public sealed class ClientCertificateCredential : ClientCredential
{
    private readonly Func<(string PfxPath, string CertificatePath)>? _developmentCertificate;
    private readonly ParameterResource? _keyVaultUrl;
    private readonly ParameterResource? _certificateName;

    internal ClientCertificateCredential(Func<(string PfxPath, string CertificatePath)> developmentCertificate) =>
        _developmentCertificate = developmentCertificate;

    internal ClientCertificateCredential(ParameterResource keyVaultUrl, ParameterResource certificateName)
    {
        _keyVaultUrl = keyVaultUrl;
        _certificateName = certificateName;
    }

    public override string SourceType => _developmentCertificate is null ? "KeyVault" : "Path";

    private protected override IEnumerable<(string Name, object Value)> ServiceSettings() => _developmentCertificate is { } create
        ? [("CertificateDiskPath", create().PfxPath)]
        : [("KeyVaultUrl", _keyVaultUrl!), ("KeyVaultCertificateName", _certificateName!)];

    internal override IEnumerable<(string Name, object Value)> EmulatorSettings() => _developmentCertificate is { } create
        ? [("ClientCertificatePath", create().CertificatePath)]
        : [];
}

/// <summary>
/// A managed identity's token as a federated credential (no secret at all): tenant only, in Azure; the parameter
/// <c>{name}-managed-identity-client-id</c> names the user-assigned identity.
/// </summary>
public sealed class ManagedIdentityCredential : ClientCredential
{
    private readonly ParameterResource _managedIdentityClientId;

    internal ManagedIdentityCredential(ParameterResource managedIdentityClientId) => _managedIdentityClientId = managedIdentityClientId;

    public override string SourceType => "SignedAssertionFromManagedIdentity";

    private protected override IEnumerable<(string Name, object Value)> ServiceSettings() =>
        [("ManagedIdentityClientId", _managedIdentityClientId)];
}
