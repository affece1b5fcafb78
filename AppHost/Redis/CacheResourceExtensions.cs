using Aspire.Hosting.ApplicationModel;
using AspireObo.AppHost;
using AspireObo.AppHost.Redis;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

public static class CacheResourceExtensions
{
    /// <summary>
    /// The Redis the services share (token cache L2, Data Protection keys, DownstreamApi's data), in the mode
    /// <c>Redis:Mode</c> asks for: <c>container</c> (Aspire's Redis integration), <c>local</c> (this machine's
    /// <c>redis-server</c>), <c>external</c> (<c>ConnectionStrings:{name}</c>), or <c>auto</c> (the default):
    /// a container where a container runtime answers, else a local <c>redis-server</c>. Publishing always uses the container.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddCache(this IDistributedApplicationBuilder builder, string name)
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

        return mode switch
        {
            "container" => AsCache(builder, builder.AddRedis(name).Resource),
            "local" => AsCache(builder, builder.AddRedisServer(name, FindRedisServer(builder.Configuration), DataDirectory(builder.Configuration, name)).Resource),
            "external" => builder.AddConnectionString(name),
            _ => throw new InvalidOperationException(
                $"Redis:Mode '{mode}' is not known. Use 'auto', 'container', 'local' or 'external' (with ConnectionStrings:{name})."),
        };
    }

    private static IResourceBuilder<IResourceWithConnectionString> AsCache(IDistributedApplicationBuilder builder, IResourceWithConnectionString resource) =>
        builder.CreateResourceBuilder(resource);

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
            "or point at an existing server with --Redis:Mode=external --ConnectionStrings:cache=host:port.");
    }

    private static string DataDirectory(IConfiguration configuration, string name)
    {
        var configured = configuration["Redis:DataDirectory"];
        return string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(AppHostPaths.DataRoot, name)
            : Path.GetFullPath(configured);
    }
}
