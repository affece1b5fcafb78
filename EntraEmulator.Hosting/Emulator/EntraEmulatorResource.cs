using Aspire.Hosting.ApplicationModel;
using EntraEmulator.Hosting.Applications;

namespace EntraEmulator.Hosting.Emulator;

/// <summary>
/// The local EntraEmulator playing an <see cref="EntraIdResource"/> in run mode: a process (<c>dotnet EntraEmulator.dll</c>,
/// shipped with this package) with one HTTPS endpoint and a certificate generated for this machine. What exists only
/// in an emulated tenant is declared here: development users, Conditional Access rules, token lifetimes.
/// </summary>
public sealed class EntraEmulatorResource : ExecutableResource
{
    internal const string HttpsEndpointName = "https";

    internal EntraEmulatorResource(string name, EntraIdResource tenant, string command, string workingDirectory, string dataDirectory)
        : base(name, command, workingDirectory)
    {
        Tenant = tenant;
        DataDirectory = dataDirectory;
    }

    public EntraIdResource Tenant { get; }

    public EndpointReference HttpsEndpoint => new(this, HttpsEndpointName);

    /// <summary>The emulated tenant's id (fixed with <c>WithTenantId</c>, else derived from the resource's name).</summary>
    public string TenantId { get; internal set; } = "";

    /// <summary>Where the emulator keeps its signing key and its generated certificates (outside any repository).</summary>
    public string DataDirectory { get; internal set; }

    /// <summary>The emulator's TLS certificate (public part): what services trust, and only in emulator mode.</summary>
    public string CertificatePath => Path.Combine(DataDirectory, EmulatorCertificate.CertificateFileName);

    internal string PrivateKeyPath => Path.Combine(DataDirectory, EmulatorCertificate.PrivateKeyFileName);

    public List<EntraEmulatorUser> Users { get; } = [];

    /// <summary>Conditional Access: user name → applications the user needs multi-factor authentication for.</summary>
    public Dictionary<string, List<EntraIdApplicationResource>> MfaRequirements { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Conditional Access authentication contexts (<c>c1</c> … <c>c99</c> → display name), each satisfied by the emulator's second factor.</summary>
    public Dictionary<string, string> AuthenticationContexts { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Numbered users <c>user001</c>… for load tests (development only).</summary>
    public int LoadTestUsers { get; internal set; }

    /// <summary>A fixed access-token lifetime; null keeps Entra's default (60–90 minutes, random per token).</summary>
    public TimeSpan? AccessTokenLifetime { get; internal set; }

    /// <summary>Refresh-token lifetime; null keeps Entra's default (90 days).</summary>
    public TimeSpan? RefreshTokenLifetime { get; internal set; }
}
