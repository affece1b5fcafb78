using Aspire.Hosting.ApplicationModel;
using AspireObo.AppHost;
using AspireObo.AppHost.Redis;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

public static class CacheResourceExtensions
{
    /// <summary>The name under which each service finds its cache connection string (<c>ConnectionStrings:cache</c>).</summary>
    public const string ServiceConnectionName = "cache";

    /// <summary>
    /// The Redis the services share (token cache L2, Data Protection keys, DownstreamApi's data), in the mode
    /// <c>Redis:Mode</c> asks for: <c>container</c> (Aspire's Redis integration), <c>local</c> (this machine's
    /// <c>redis-server</c>), <c>external</c> (<c>ConnectionStrings:{name}-front</c> and <c>-downstream</c>), or
    /// <c>auto</c> (the default): a container where a container runtime answers, else a local <c>redis-server</c>.
    /// Publishing always uses the container. The server requires a password for its default user and has one ACL
    /// user per service (<see cref="CacheUser"/>), whose passwords are generated secret parameters.
    /// </summary>
    public static Cache AddCache(this IDistributedApplicationBuilder builder, string name)
    {
        var mode = (builder.Configuration["Redis:Mode"] ?? "auto").Trim().ToLowerInvariant();
        if (builder.ExecutionContext.IsPublishMode)
        {
            mode = "container";
        }

        if (mode == "auto")
        {
            mode = ContainerRuntimeProbe.IsAvailable(builder.Configuration["ASPIRE_CONTAINER_RUNTIME"]) ? "container" : "local";
        }

        if (mode == "external")
        {
            // The operator's server: its users are created as docs/security.md shows, their connection strings given.
            return new Cache(null, CacheUser.All.ToDictionary(user => user, user => builder.AddConnectionString($"{name}-{user.Name}")));
        }

        var password = GeneratedPassword(builder, $"{name}-password");
        var userPasswords = CacheUser.All.ToDictionary(user => user, user => GeneratedPassword(builder, $"{name}-{user.Name}-password"));
        var (server, hostAndPort, tls) = mode switch
        {
            "container" => Container(builder, name, password, userPasswords),
            "local" => Local(builder, name, password, userPasswords),
            _ => throw new InvalidOperationException(
                $"Redis:Mode '{mode}' is not known. Use 'auto', 'container', 'local' or 'external' (with ConnectionStrings:{name}-front and -downstream)."),
        };

        return new Cache(server, userPasswords.ToDictionary(
            entry => entry.Key,
            entry => (IResourceBuilder<IResourceWithConnectionString>)builder.AddConnectionString(
                $"{name}-{entry.Key.Name}",
                ReferenceExpression.Create($"{hostAndPort},user={entry.Key.Name},password={entry.Value.Resource}{tls}"))));
    }

    /// <summary>
    /// The service's own cache connection string (its ACL user) as <c>ConnectionStrings:cache</c>, and start once the
    /// server is healthy.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithCache(this IResourceBuilder<ProjectResource> project, Cache cache, CacheUser user)
    {
        var connection = cache.ConnectionFor(user);
        return project
            .WithReference(connection, connectionName: ServiceConnectionName)
            .WaitFor(cache.Server ?? connection);
    }

    // Letters and digits only: a comma or an equals sign would end the value inside a StackExchange.Redis connection string.
    private static IResourceBuilder<ParameterResource> GeneratedPassword(IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);

    private static (IResourceBuilder<IResourceWithConnectionString>, ReferenceExpression, ReferenceExpression) Container(
        IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource> password,
        IReadOnlyDictionary<CacheUser, IResourceBuilder<ParameterResource>> userPasswords)
    {
        var redis = builder.AddRedis(name, password: password).WithAclUsers(userPasswords);
        return (builder.CreateResourceBuilder<IResourceWithConnectionString>(redis.Resource),
            ReferenceExpression.Create($"{redis.Resource.PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}"),
            // As Aspire's own connection string: ",ssl=true" when Aspire serves the container's endpoint over TLS.
            redis.Resource.PrimaryEndpoint.GetTlsValue(ReferenceExpression.Create($",ssl=true"), ReferenceExpression.Create($"")));
    }

    private static (IResourceBuilder<IResourceWithConnectionString>, ReferenceExpression, ReferenceExpression) Local(
        IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource> password,
        IReadOnlyDictionary<CacheUser, IResourceBuilder<ParameterResource>> userPasswords)
    {
        var redis = builder.AddRedisServer(name, FindRedisServer(builder.Configuration), DataDirectory(builder.Configuration, name), password, userPasswords);
        return (builder.CreateResourceBuilder<IResourceWithConnectionString>(redis.Resource),
            ReferenceExpression.Create($"{redis.Resource.Endpoint.Property(EndpointProperty.HostAndPort)}"),
            ReferenceExpression.Create($""));
    }

    private static string FindRedisServer(IConfiguration configuration)
    {
        var configured = configuration["Redis:ServerPath"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"Redis:ServerPath '{configured}' does not exist.");
        }

        return ExecutableLocator.FindOnPath("redis-server") ?? throw new InvalidOperationException(
            "No container runtime answered and 'redis-server' is not on PATH. Either start Docker/Podman, " +
            "install Redis (Debian/Ubuntu: 'sudo apt-get install -y redis-server'; macOS: 'brew install redis'), " +
            "or point at an existing server with --Redis:Mode=external --ConnectionStrings:cache-front=... --ConnectionStrings:cache-downstream=... (docs/security.md).");
    }

    private static string DataDirectory(IConfiguration configuration, string name)
    {
        var configured = configuration["Redis:DataDirectory"];
        return string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(AppHostPaths.DataRoot, name)
            : Path.GetFullPath(configured);
    }
}
