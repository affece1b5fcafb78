using System.Diagnostics;
using StackExchange.Redis;

namespace AspireObo.Benchmarks.TokenCache;

/// <summary>
/// <c>--profile</c>: where a token-cache hit's time goes, call by call (BenchmarkDotNet reports means per iteration):
/// per-call p50/p95, bytes allocated and Redis commands sent per call, for each stack.
/// </summary>
public static class TokenCacheProfile
{
    private const int WarmUpCalls = 500;
    private const int MeasuredCalls = 3000;

    /// <returns>One line per stack, also written to <paramref name="log"/>.</returns>
    public static async Task<IReadOnlyList<string>> RunAsync(TokenCacheFixture fixture, string redisConnectionString, TextWriter log, CancellationToken cancellationToken)
    {
        await fixture.EnsureCachedAsync(1, cancellationToken);
        var redisOptions = ConfigurationOptions.Parse(redisConnectionString);
        redisOptions.AllowAdmin = true; // INFO commandstats
        await using var redis = await ConnectionMultiplexer.ConnectAsync(redisOptions);
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var lines = new List<string>();

        foreach (var (name, stack) in new[] { ("L1 hit", fixture.WithL1), ("L2-only hit", fixture.L2Only), ("L1 hit, not encrypted", fixture.Unencrypted) })
        {
            for (var i = 0; i < WarmUpCalls; i++)
            {
                await stack.Headers.CreateAuthorizationHeaderForUserAsync(TokenCacheFixture.Scopes, claimsPrincipal: fixture.Target, cancellationToken: cancellationToken);
            }

            var commandsBefore = await CountCommandsAsync(server);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var latencies = new double[MeasuredCalls];
            for (var i = 0; i < MeasuredCalls; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await stack.Headers.CreateAuthorizationHeaderForUserAsync(TokenCacheFixture.Scopes, claimsPrincipal: fixture.Target, cancellationToken: cancellationToken);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }

            var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)MeasuredCalls;
            var commands = (await CountCommandsAsync(server) - commandsBefore) / (double)MeasuredCalls;
            Array.Sort(latencies);
            lines.Add($"{name}: p50 {latencies[MeasuredCalls / 2]:0.0} µs, p95 {latencies[MeasuredCalls * 95 / 100]:0.0} µs, {allocated / 1024:0.0} KB allocated and {commands:0.00} Redis commands per call ({MeasuredCalls} calls, one at a time)");
            log.WriteLine(lines[^1]);
        }

        return lines;
    }

    /// <summary>Commands Redis has executed so far (INFO commandstats), the INFO calls themselves excluded.</summary>
    private static async Task<long> CountCommandsAsync(IServer server)
    {
        var sections = await server.InfoAsync("commandstats");
        return sections.SelectMany(section => section)
            .Where(entry => !entry.Key.Equals("cmdstat_info", StringComparison.OrdinalIgnoreCase))
            .Sum(entry => long.Parse(entry.Value.Split(',')[0].Split('=')[1], global::System.Globalization.CultureInfo.InvariantCulture));
    }
}
