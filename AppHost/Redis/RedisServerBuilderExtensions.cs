using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Aspire.Hosting;

public static class RedisServerBuilderExtensions
{
    /// <summary>
    /// Runs <paramref name="redisServerPath"/> as an Aspire resource on a port Aspire allocates, bound to loopback,
    /// with append-only persistence in <paramref name="dataDirectory"/> so acknowledged writes survive a restart.
    /// Healthy once it answers PING, so <c>WaitFor</c> really waits.
    /// </summary>
    public static IResourceBuilder<RedisServerResource> AddRedisServer(
        this IDistributedApplicationBuilder builder, string name, string redisServerPath, string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var redis = new RedisServerResource(name, redisServerPath, dataDirectory);

        string? connectionString = null;
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(redis, async (_, cancellationToken) =>
        {
            connectionString = await redis.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false);
        });

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddRedis(
            _ => connectionString ?? throw new InvalidOperationException($"The connection string of '{name}' is not available yet."),
            name: healthCheckKey);

        return builder.AddResource(redis)
            .WithEndpoint(name: RedisServerResource.EndpointName, scheme: "tcp")
            .WithArgs(context =>
            {
                context.Args.Add("--port");
                context.Args.Add(redis.Endpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--bind");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--dir");
                context.Args.Add(dataDirectory);
                context.Args.Add("--appendonly");
                context.Args.Add("yes");
                // Redis write()s each command to the append-only file before it replies, so an acknowledged write
                // survives the process stopping or crashing; the fsync policy only matters if the machine itself
                // fails (everysec: up to ~1 s lost; "always" would cost an fsync per write). See README, Reliability.
                context.Args.Add("--appendfsync");
                context.Args.Add("everysec");
                context.Args.Add("--save");
                context.Args.Add("");
                context.Args.Add("--protected-mode");
                context.Args.Add("yes");
            })
            .WithHealthCheck(healthCheckKey);
    }
}
