using Aspire.Hosting.ApplicationModel;
using EntraEmulator.Hosting.Emulator;

namespace EntraEmulator.Hosting.Applications;

/// <summary>
/// One application registration of an <see cref="EntraIdResource"/>: its client id (the emulator's, or the parameter
/// <c>{name}-client-id</c> of a real tenant), Application ID URI, exposed scopes and app roles, the permissions it holds
/// on other applications, redirect URIs and credential. Part of its tenant, so not a resource of the model itself.
/// </summary>
public sealed class EntraIdApplicationResource : Resource
{
    internal const string MicrosoftGraphName = "MicrosoftGraph";
    private const string MicrosoftGraphClientId = "00000003-0000-0000-c000-000000000000";
    private const string MicrosoftGraphUri = "https://graph.microsoft.com";

    internal EntraIdApplicationResource(string name, EntraIdResource tenant) : base(name)
    {
        Tenant = tenant;
        ParameterPrefix = ParameterNames.Prefix(name);
    }

    public EntraIdResource Tenant { get; }

    /// <summary>How this application's parameters are named: <c>FrontApi</c> → <c>front-api-client-id</c>, <c>front-api-client-secret</c>.</summary>
    public string ParameterPrefix { get; }

    public string? DisplayName { get; internal set; }

    /// <summary>The client id the emulator gives it (null: derived from the tenant and the name, the same every run).</summary>
    public string? EmulatorClientId { get; internal set; }

    /// <summary>A custom Application ID URI; null means Entra's default, <c>api://{clientId}</c>.</summary>
    public string? CustomApplicationIdUri { get; internal set; }

    public List<string> Scopes { get; } = [];

    public List<string> AppRoles { get; } = [];

    /// <summary>Delegated permissions on other applications (admin-consented, as in a tenant where an admin granted them).</summary>
    public Dictionary<EntraIdApplicationResource, List<string>> ApiPermissions { get; } = [];

    /// <summary>Application permissions (app roles) granted on other applications.</summary>
    public Dictionary<EntraIdApplicationResource, List<string>> AppPermissions { get; } = [];

    /// <summary>Single-page-application redirect URIs.</summary>
    public List<ReferenceExpression> RedirectUris { get; } = [];

    /// <summary>Mobile-and-desktop redirect URIs (e.g. <c>http://localhost</c>).</summary>
    public List<string> PublicClientRedirectUris { get; } = [];

    public bool IsPublicClient { get; internal set; }

    /// <summary>Optional claims in this application's access tokens (as a resource), e.g. <c>xms_cc</c>.</summary>
    public List<string> AccessTokenOptionalClaims { get; } = [];

    public ClientCredential? Credential { get; internal set; }

    internal bool IsMicrosoftGraph { get; private init; }

    private ParameterResource? _clientIdParameter;

    /// <summary>Declared on first use: a registration nothing references against a tenant (a development client) asks for nothing.</summary>
    private ParameterResource ClientIdParameter => _clientIdParameter ??= Tenant.DeclareParameter($"{ParameterPrefix}-client-id", false);

    /// <summary>The client id, in either mode (Microsoft Graph's is the same everywhere).</summary>
    public ReferenceExpression ClientId => IsMicrosoftGraph
        ? ReferenceExpression.Create($"{MicrosoftGraphClientId}")
        : Tenant.Decide() == IdentityMode.Emulator
            ? ReferenceExpression.Create($"{ResolvedEmulatorClientId}")
            : ReferenceExpression.Create($"{ClientIdParameter}");

    /// <summary>The Application ID URI: the custom one, or <c>api://{clientId}</c>.</summary>
    public ReferenceExpression ApplicationIdUri => CustomApplicationIdUri is { } custom
        ? ReferenceExpression.Create($"{custom}")
        : ReferenceExpression.Create($"api://{ClientId}");

    /// <summary>The full URI of one of its scopes, such as <c>api://{clientId}/access_as_user</c>, as a client asks for it.</summary>
    public ReferenceExpression GetScopeUri(string scope) => ReferenceExpression.Create($"{ApplicationIdUri}/{scope}");

    internal string ResolvedEmulatorClientId =>
        EmulatorClientId ?? StableIds.Derive($"application:{Tenant.Emulator?.TenantId}:{Name}");

    internal static EntraIdApplicationResource CreateMicrosoftGraph(EntraIdResource tenant)
    {
        var graph = new EntraIdApplicationResource(MicrosoftGraphName, tenant)
        {
            IsMicrosoftGraph = true,
            DisplayName = "Microsoft Graph",
            EmulatorClientId = MicrosoftGraphClientId,
            CustomApplicationIdUri = MicrosoftGraphUri,
        };
        graph.Scopes.AddRange(["User.Read", "User.ReadWrite", "User.ReadBasic.All"]);
        return graph;
    }
}
