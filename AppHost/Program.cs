using AspireObo.AppHost.Identity;
using AspireObo.AppHost.Redis;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);
EntraIdParameters.RequireAllOrNone(builder.Configuration);

// Microsoft Entra ID: the local EntraEmulator in run mode; the tenant once its parameters are set (and always when publishing).
var identity = builder.AddEntraId("identity", EntraIdParameters.TenantId)
    .WithInstance(builder.Configuration["EntraId:Instance"])
    .RunAsEmulator(emulator => emulator
        .WithTenantId(DevelopmentTenant.TenantId)
        .WithUser(DevelopmentTenant.Alice).WithUser(DevelopmentTenant.Bob).WithUser(DevelopmentTenant.Dana)
        .WithAuthenticationContext(DevelopmentTenant.DeleteTodoContext, "Sensitive operations: require multi-factor authentication")
        .WithAppHostSettings(builder.Configuration));

// The app registrations: DownstreamApi exposes Todo.*, FrontApi calls it (and Graph) On-Behalf-Of users, DevClient signs them in.
var downstreamApp = identity.AddApplication("DownstreamApi").WithEmulatorClientId(DevelopmentTenant.DownstreamApiClientId)
    .WithScope("Todo.Read").WithScope("Todo.ReadWrite").WithAppRole("Todo.Read.All")
    .WithMfaRequiredFor(DevelopmentTenant.Dana.Name);
var frontApp = identity.AddApplication("FrontApi").WithEmulatorClientId(DevelopmentTenant.FrontApiClientId)
    .WithScope("access_as_user")
    .WithAccessTokenOptionalClaims("xms_cc") // whether the caller handles claims challenges (cp1): FrontApi relays them only then
    .WithApiPermissions(downstreamApp, "Todo.Read", "Todo.ReadWrite")
    .WithApiPermissions(identity.GetMicrosoftGraph(), "User.Read")
    .WithFrontApiCredential(builder.Configuration);
var devClient = identity.AddApplication("DevClient").WithEmulatorClientId(DevelopmentTenant.DevClientId)
    .AsPublicClient()
    .WithApiPermissions(frontApp, "access_as_user");

// Redis, with one ACL user per service: each service's connection string reaches only its own keys.
var cache = builder.AddCache("cache");

var downstream = builder.AddProject<Projects.DownstreamApi>("downstream")
    .WithReference(identity, downstreamApp)
    .WithEnvironment("AllowedClientApplications__0", frontApp.Resource.ClientId) // FrontApi is the one client allowed (azp)
    .WithCache(cache, CacheUser.Downstream)
    .WithHttpHealthCheck("/health");

// Measurement only (docs/benchmarks.md, "Without Aspire's proxy"): DownstreamApi listening on this port itself, reached
// without DCP's proxy in between, as a deployment reaches it. Not set, the proxy stays, as Aspire runs every endpoint.
if (builder.Configuration.GetValue<int?>("Downstream:UnproxiedPort") is { } unproxiedPort)
{
    downstream.WithEndpoint("http", endpoint =>
    {
        endpoint.IsProxied = false;
        endpoint.Port = unproxiedPort;
    });
}

var front = builder.AddProject<Projects.FrontApi>("front")
    .WithReference(identity, frontApp) // AzureAd, and DownstreamApis:DownstreamApi / MicrosoftGraph with their scopes
    .WithCache(cache, CacheUser.Front)
    .WithKeyRingProtection()
    .WithReference(downstream)
    .WaitFor(downstream)
    .WithReplicas(builder.Configuration.GetValue("Front:Replicas", 1))
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

// Development only: the dashboard's commands (the emulator's own come with RunAsEmulator), and the API page's sign-in.
front.WithTokenCacheControl()
    .WithDevelopmentUserTokenCommand(identity, devClient, frontApp.Resource.GetScopeUri("access_as_user"), ["/api/me", "/api/todos"]);
if (identity.Resource.Emulator is not null)
{
    front.WithApiReferencePage(devClient);
    // Deleting a todo asks for the authentication context c1 (MFA: the emulator's one-time code). For a tenant, declare
    // the context and its policy first, then set AuthenticationContexts__DeleteTodo on DownstreamApi the same way.
    downstream.WithEnvironment("AuthenticationContexts__DeleteTodo", DevelopmentTenant.DeleteTodoContext);
}

builder.Build().Run();
