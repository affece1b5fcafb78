using Aspire.Hosting.ApplicationModel;
using EntraEmulator.Hosting.Applications;
using EntraEmulator.Hosting.Emulator;

namespace EntraEmulator.Hosting;

/// <summary>
/// A Microsoft Entra ID tenant as the AppHost sees it: its application registrations, and where it is. In run mode
/// with <c>RunAsEmulator()</c> it is the local EntraEmulator (<see cref="Emulator"/>, a process in the model under this
/// resource's name); otherwise (a tenant's parameters configured, or publishing) a real tenant given by parameters,
/// with nothing of the emulator in the model or the manifest.
/// </summary>
public sealed class EntraIdResource : Resource
{
    /// <summary>The public cloud's authority host.</summary>
    public const string DefaultInstance = "https://login.microsoftonline.com/";

    private readonly List<EntraIdApplicationResource> _applications = [];

    internal EntraIdResource(string name, string tenantIdParameterName) : base(name)
    {
        TenantIdParameterName = tenantIdParameterName;
        MicrosoftGraph = EntraIdApplicationResource.CreateMicrosoftGraph(this);
    }

    /// <summary>The emulator that plays this tenant in run mode; null against a real tenant.</summary>
    public EntraEmulatorResource? Emulator { get; internal set; }

    /// <summary>Microsoft Graph, the first-party API every tenant has: a target for <c>WithApiPermissions</c>.</summary>
    public EntraIdApplicationResource MicrosoftGraph { get; }

    /// <summary>The application registrations declared with <c>AddApplication</c>.</summary>
    public IReadOnlyList<EntraIdApplicationResource> Applications => _applications;

    /// <summary>The authority host of a real tenant (<see cref="DefaultInstance"/> unless a national cloud).</summary>
    public string Instance { get; internal set; } = DefaultInstance;

    /// <summary>The AppHost parameter that holds a real tenant's id; once configured, a run uses the tenant.</summary>
    public string TenantIdParameterName { get; }

    internal IdentityMode Mode { get; set; } = IdentityMode.Undecided;

    /// <summary>Publishing, or the tenant id parameter is configured: a real tenant, whatever else the AppHost says.</summary>
    internal bool UsesConfiguredTenant { get; set; }

    /// <summary>Declares an AppHost parameter (set by <c>AddEntraId</c>): parameters exist only once something uses them.</summary>
    internal Func<string, bool, ParameterResource> DeclareParameter { get; set; } = (_, _) => throw new InvalidOperationException();

    private ParameterResource? _tenantIdParameter;

    internal ParameterResource TenantIdParameter => _tenantIdParameter ??= DeclareParameter(TenantIdParameterName, false);

    /// <summary>The tenant id: the emulator's, or the parameter's value.</summary>
    public ReferenceExpression TenantId => Decide() == IdentityMode.Emulator
        ? ReferenceExpression.Create($"{Emulator!.TenantId}")
        : ReferenceExpression.Create($"{TenantIdParameter}");

    /// <summary>Identity.Web's <c>Instance</c>: the emulator's HTTPS base address, or the tenant's authority host.</summary>
    public ReferenceExpression InstanceAddress => Decide() == IdentityMode.Emulator
        ? ReferenceExpression.Create($"{Emulator!.HttpsEndpoint}/")
        : ReferenceExpression.Create($"{Instance}");

    internal void Add(EntraIdApplicationResource application) => _applications.Add(application);

    /// <summary>
    /// The mode, fixed at first use: the emulator if <c>RunAsEmulator()</c> came first, a real tenant otherwise (whose
    /// parameters are declared as they are used, so an AppHost without <c>RunAsEmulator()</c> asks for them).
    /// </summary>
    internal IdentityMode Decide()
    {
        if (Mode == IdentityMode.Undecided)
        {
            Mode = IdentityMode.Tenant;
        }

        return Mode;
    }
}
