using Aspire.Hosting.ApplicationModel;
using AspireObo.AppHost;
using AspireObo.AppHost.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace Aspire.Hosting;

public static class RedisServerBuilderExtensions
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// Runs <paramref name="redisServerPath"/> as an Aspire resource on a free loopback port, reached without Aspire's proxy,
    /// requiring authentication (the users of <paramref name="userPasswords"/>, the default user with
    /// <paramref name="password"/>), with append-only persistence in <paramref name="dataDirectory"/> (owner-only) so
    /// acknowledged writes survive a restart. Healthy once it answers an authenticated PING, so <c>WaitFor</c> really waits.
    /// </summary>
    public static IResourceBuilder<RedisServerResource> AddRedisServer(
        this IDistributedApplicationBuilder builder, string name, string redisServerPath, string dataDirectory,
        IResourceBuilder<ParameterResource> password, IReadOnlyDictionary<CacheUser, IResourceBuilder<ParameterResource>> userPasswords)
    {
        CreateOwnerOnlyDirectory(dataDirectory);
        var aclFile = Path.Combine(dataDirectory, "users.acl");
        var redis = new RedisServerResource(name, redisServerPath, dataDirectory, password.Resource);

        string? connectionString = null;
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(redis, async (_, cancellationToken) =>
        {
            var passwords = new Dictionary<CacheUser, string>();
            foreach (var (user, parameter) in userPasswords)
            {
                passwords[user] = await parameter.Resource.GetValueAsync(cancellationToken).ConfigureAwait(false) ?? throw MissingValue(parameter);
            }

            RedisAclFile.Write(aclFile, await password.Resource.GetValueAsync(cancellationToken).ConfigureAwait(false) ?? throw MissingValue(password), passwords);
            connectionString = await redis.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false);
        });

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddRedis(
            _ => connectionString ?? throw new InvalidOperationException($"The connection string of '{name}' is not available yet."),
            name: healthCheckKey);

        return builder.AddResource(redis)
            // Not through Aspire's proxy: one server, no replicas to balance, and the proxy added ~0.1 ms to every Redis
            // command of both services (docs/benchmarks.md). Redis listens on the port itself, the same across restarts.
            .WithEndpoint(name: RedisServerResource.EndpointName, scheme: "tcp", port: LoopbackPorts.Free(), isProxied: false)
            .WithArgs(context =>
            {
                context.Args.Add("--port");
                context.Args.Add(redis.Endpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--bind");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--dir");
                context.Args.Add(dataDirectory);
                // Users and passwords come from a file, not the command line: other local users can read a process's
                // arguments (ps), not this owner-only file.
                context.Args.Add("--aclfile");
                context.Args.Add(aclFile);
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

    /// <summary>The append-only files hold the cache and the todos: readable by the owner only, also if the directory existed.</summary>
    private static void CreateOwnerOnlyDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, OwnerOnly);
        File.SetUnixFileMode(path, OwnerOnly);
    }

    private static InvalidOperationException MissingValue(IResourceBuilder<ParameterResource> parameter) =>
        new($"Parameter '{parameter.Resource.Name}' has no value.");
}
