using AspireObo.AppHost.Redis;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);

// The local EntraEmulator, or a Microsoft Entra ID tenant when its parameters are set (and always when publishing).
var identity = builder.AddApiIdentity("identity");

// Redis, with one ACL user per service: each service's connection string reaches only its own keys.
var cache = builder.AddCache("cache");

var downstream = builder.AddProject<Projects.DownstreamApi>("downstream")
    .WithDownstreamApiIdentity(identity)
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
    .WithFrontApiIdentity(identity)
    .WithCache(cache, CacheUser.Front)
    .WithKeyRingProtection()
    .WithReference(downstream)
    .WaitFor(downstream)
    .WithReplicas(builder.Configuration.GetValue("Front:Replicas", 1))
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

// Try it in the browser: a dashboard link to FrontApi's API page, whose address the emulator accepts as a redirect URI.
if (identity.Emulator is { } emulator)
{
    front.WithApiReferencePage(emulator);
}

// Development only: commands in the dashboard that throttle the identity platform, require MFA, clear the token cache, get a token.
builder.AddDashboardControlPanel(identity, front);

builder.Build().Run();
