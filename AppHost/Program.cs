using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);

// The local EntraEmulator, or a Microsoft Entra ID tenant when its parameters are set (and always when publishing).
var identity = builder.AddApiIdentity("identity");

var cache = builder.AddCache("cache");

var downstream = builder.AddProject<Projects.DownstreamApi>("downstream")
    .WithDownstreamApiIdentity(identity)
    .WithReference(cache)
    .WaitFor(cache)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.FrontApi>("front")
    .WithFrontApiIdentity(identity)
    .WithReference(cache)
    .WaitFor(cache)
    .WithReference(downstream)
    .WaitFor(downstream)
    .WithReplicas(builder.Configuration.GetValue("Front:Replicas", 1))
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

builder.Build().Run();
