using System.Diagnostics;
using AspireObo.Benchmarks.System;
using AspireObo.Testing;

namespace AspireObo.Benchmarks.ColdStart;

/// <summary>
/// <c>--cold-start</c>: what a user meets right after the system reports healthy (README, "Ready the moment it says
/// healthy"). "First request after healthy": <see cref="Starts"/> fresh starts, one user's first <c>GET /api/me</c> as
/// soon as <c>front</c> is healthy. "Cold burst": 2 fresh replicas, <see cref="BurstUsers"/> users' first requests at once.
/// <c>--burst-only</c> skips the fresh starts; <c>BURST-START</c> and <c>BURST-END</c> mark the burst for a profiler attached
/// from outside (docs/benchmarks.md, "Where the cold burst's time goes").
/// </summary>
public static class ColdStartBenchmark
{
    public const int Starts = 5;
    public const int BurstUsers = 200;

    public static async Task<string> RunAsync(TextWriter log, bool burstOnly, CancellationToken cancellationToken)
    {
        var firsts = new List<double>();
        var starts = burstOnly ? 0 : Starts;
        for (var start = 1; start <= starts; start++)
        {
            log.WriteLine($"Fresh start {start}/{Starts}…");
            await using var system = await RunningSystem.StartAsync(BenchSystems.Fresh(users: 1, replicas: 1), cancellationToken);
            var token = await system.Identity.GetUserTokenAsync(LoadTestUsers.User(1), cancellationToken);
            using var client = system.CreateFrontClient(token);
            var stopwatch = Stopwatch.StartNew();
            using var response = await client.GetAsync("/api/me", cancellationToken);
            firsts.Add(stopwatch.Elapsed.TotalMilliseconds);
            log.WriteLine($"  first request: {(int)response.StatusCode} in {stopwatch.Elapsed.TotalMilliseconds:F0} ms");
        }

        log.WriteLine($"Cold burst: {BurstUsers} users into 2 fresh replicas…");
        await using var burstSystem = await RunningSystem.StartAsync(BenchSystems.Fresh(BurstUsers, replicas: 2), cancellationToken);
        var tokens = await Task.WhenAll(LoadTestUsers.Users(BurstUsers).Select(user => burstSystem.Identity.GetUserTokenAsync(user, cancellationToken)));
        var clients = tokens.Select(token => burstSystem.CreateFrontClient(token)).ToArray();
        log.WriteLine("BURST-START");
        var results = await Task.WhenAll(clients.Select(async client =>
        {
            var stopwatch = Stopwatch.StartNew();
            using var response = await client.GetAsync("/api/me", cancellationToken);
            return (Status: (int)response.StatusCode, Milliseconds: stopwatch.Elapsed.TotalMilliseconds);
        }));
        log.WriteLine("BURST-END");
        foreach (var client in clients)
        {
            client.Dispose();
        }

        var burst = results.Select(result => result.Milliseconds).ToList();
        var errors = results.Count(result => result.Status >= 400);
        var rows = new List<string>
        {
            "| Scenario | Runs / requests | p50 (ms) | p95 (ms) | max (ms) | Errors |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        };
        if (!burstOnly)
        {
            rows.Add($"| First request after healthy (fresh start, 1 replica) | {Starts} starts | {Percentile(firsts, 0.5):F0} | {Percentile(firsts, 0.95):F0} | {firsts.Max():F0} | 0 |");
        }

        rows.Add($"| Cold burst, {BurstUsers} users (2 fresh replicas, first requests at once) | {BurstUsers} | {Percentile(burst, 0.5):F0} | {Percentile(burst, 0.95):F0} | {burst.Max():F0} | {errors} |");
        return string.Join(Environment.NewLine, rows);
    }

    private static double Percentile(List<double> values, double percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(percentile * sorted.Count) - 1)];
    }
}
