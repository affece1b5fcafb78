using Microsoft.Extensions.Configuration;
using AspireObo.AppHost.Identity;

var builder = DistributedApplication.CreateBuilder(args);

// Generated per run and handed to both sides: never written to a file in the repository.
var frontApiSecret = builder.AddParameter("front-client-secret",
    new GenerateParameterDefault { MinLength = 40, Special = false }, secret: true);

var identity = builder.AddEntraEmulator("identity", frontApiSecret);

var cache = builder.AddCache("cache");

var downstream = builder.AddProject<Projects.DownstreamApi>("downstream")
    .WithEmulatorAuthority(identity, DevelopmentIdentities.DownstreamApiClientId)
    .WithEnvironment("AllowedClientApplications__0", DevelopmentIdentities.FrontApiClientId)
    .WithReference(cache)
    .WaitFor(cache)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.FrontApi>("front")
    .WithEmulatorAuthority(identity, DevelopmentIdentities.FrontApiClientId)
    .WithFrontApiCredential(identity, frontApiSecret, builder.Configuration["Front:Credential"])
    .WithEnvironment("DownstreamApis__TodoApi__ReadScopes__0", $"api://{DevelopmentIdentities.DownstreamApiClientId}/Todo.Read")
    .WithEnvironment("DownstreamApis__TodoApi__WriteScopes__0", $"api://{DevelopmentIdentities.DownstreamApiClientId}/Todo.ReadWrite")
    .WithReference(cache)
    .WaitFor(cache)
    .WithReference(downstream)
    .WaitFor(downstream)
    .WithReplicas(builder.Configuration.GetValue("Front:Replicas", 1))
    .WithHttpHealthCheck("/health");

builder.Build().Run();
