using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using AspireObo.AppHost;
using AspireObo.Testing;
using EntraEmulator.Hosting.Emulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AspireObo.Benchmarks.System;

/// <summary>
/// How the benchmark starts its two copies of the system through the shared harness (Tests/AspireObo.Testing):
/// <see cref="Cached"/> (two FrontApi replicas, the token cache as shipped) and <see cref="Uncached"/> (FrontApi's
/// benchmark-only switch: every OBO request goes to the token endpoint, the naive design). Both with the emulator's
/// numbered load-test users.
/// </summary>
public static class BenchSystems
{
    /// <summary><c>--no-proxy</c>: DownstreamApi reached without Aspire's development proxy (the AppHost's <c>Downstream:UnproxiedPort</c>).</summary>
    public static bool WithoutProxy { get; set; }

    /// <summary>
    /// <c>--front Key=Value</c> (repeatable): a FrontApi setting for this run, e.g. <c>--front TokenAcquisitionHardening:HeaderMemo=false</c>,
    /// to measure a row without one part in the same way as the row with it.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> FrontSettings { get; set; } = [];

    public static SystemOptions Cached(int users) => Options(users, bypassTokenCache: false) with { FrontReplicas = 2 };

    public static SystemOptions Uncached(int users) => Options(users, bypassTokenCache: true);

    /// <summary>A fresh system as shipped, for the cold-start rows (nothing has served a request yet).</summary>
    public static SystemOptions Fresh(int users, int replicas) => Options(users, bypassTokenCache: false) with { FrontReplicas = replicas };

    private static SystemOptions Options(int users, bool bypassTokenCache) => new()
    {
        LoadTestUsers = users,
        AppHostArguments = WithoutProxy ? [$"--Downstream:UnproxiedPort={LoopbackPorts.Free()}"] : [],
        // No dashboard: exporting telemetry to it would compete with the load generator for CPU.
        EnableDashboard = false,
        EmulatorTimeout = TimeSpan.FromSeconds(60),
        ConfigureAppHost = appHost =>
        {
            // The services' own logs would flow into this process's console and compete with the load generator for CPU.
            appHost.Services.AddLogging(logging => logging.AddFilter("AppHost.Resources", LogLevel.Warning));

            // Without a dashboard nothing receives OTLP, yet Aspire still hands every service an exporter endpoint: each
            // would retry failed exports every second (and FrontApi has twice DownstreamApi's spans per request). No
            // endpoint, no exporter (ServiceDefaults); the instrumentation still runs, spans are still created and sampled.
            foreach (var project in appHost.Resources.OfType<ProjectResource>().ToList())
            {
                appHost.CreateResourceBuilder(project).WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", "");
            }

            // The services always run with the runtime's default tiered compilation, whatever this process runs with:
            // `DOTNET_TieredCompilation=0 dotnet run … -- --cold-start` takes the load generator's own JIT off the
            // shared cores without changing what is measured (docs/benchmarks.md, "Where the cold burst's time goes").
            foreach (var service in appHost.Resources.Where(resource => resource is ProjectResource or EntraEmulatorResource).Cast<IResourceWithEnvironment>().ToList())
            {
                appHost.CreateResourceBuilder(service).WithEnvironment("DOTNET_TieredCompilation", "1");
            }

            var front = appHost.CreateResourceBuilder<ProjectResource>("front");
            foreach (var (key, value) in FrontSettings)
            {
                front.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
            }

            if (bypassTokenCache)
            {
                front.WithEnvironment("Benchmarks__BypassTokenCache", "true")
                    .WithEnvironment("TokenAcquisitionHardening__HeaderMemo", "false"); // or the memo would serve every request after the first
            }
        },
    };

}
