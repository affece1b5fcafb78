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

    /// <returns>One result per stack, also written to <paramref name="log"/>.</returns>
    public static async Task<IReadOnlyList<HitProfile>> RunAsync(TokenCacheFixture fixture, string redisConnectionString, TextWriter log, CancellationToken cancellationToken)
    {
        await fixture.EnsureCachedAsync(1, cancellationToken);
        var redisOptions = ConfigurationOptions.Parse(redisConnectionString);
        redisOptions.AllowAdmin = true; // INFO commandstats
        await using var redis = await ConnectionMultiplexer.ConnectAsync(redisOptions);
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var results = new List<HitProfile>();

        foreach (var (name, stack) in new[]
        {
            ("L1 hit (MSAL)", fixture.WithL1), ("L2-only hit", fixture.L2Only), ("L1 hit (MSAL), not encrypted", fixture.Unencrypted),
            (TokenAcquisitionBenchmarks.IdentityWebAdapterL1Hit, fixture.IdentityWebAdapter), (TokenAcquisitionBenchmarks.IdentityWebAdapterL2Hit, fixture.IdentityWebAdapterL2Only),
        })
        {
            results.Add(await MeasureHitAsync(name, stack, fixture.Target, server, cancellationToken));
            log.WriteLine(results[^1]);
        }

        results.Insert(0, await MeasureFrontApiHitAsync(FrontApiL1Hit, fixture.WithL1, fixture.Target, server, cancellationToken));
        log.WriteLine(results[0]);

        return results;
    }

    /// <summary>The row the goal is judged on: FrontApi's own per-request call, served by L1.</summary>
    public const string FrontApiL1Hit = "L1 hit (FrontApi's token provider)";

    /// <summary>Per-call figures of <paramref name="caller"/>'s hit through FrontApi's decorated <c>IAuthorizationHeaderProvider</c>, as a request makes it.</summary>
    public static async Task<HitProfile> MeasureFrontApiHitAsync(string name, TokenAcquisitionStack stack, global::System.Security.Claims.ClaimsPrincipal caller, IServer server, CancellationToken cancellationToken)
    {
        stack.ActAs(caller);
        return await MeasureAsync(name, () => stack.FrontApiTokens.CreateAuthorizationHeaderForUserAsync(TokenCacheFixture.Scopes, cancellationToken: cancellationToken), server);
    }

    /// <summary>Per-call p50/p95, allocations and Redis commands of <paramref name="caller"/>'s hit on <paramref name="stack"/>.</summary>
    public static Task<HitProfile> MeasureHitAsync(string name, TokenAcquisitionStack stack, global::System.Security.Claims.ClaimsPrincipal caller, IServer server, CancellationToken cancellationToken) =>
        MeasureAsync(name, () => stack.Headers.CreateAuthorizationHeaderForUserAsync(TokenCacheFixture.Scopes, claimsPrincipal: caller, cancellationToken: cancellationToken), server);

    private static async Task<HitProfile> MeasureAsync(string name, Func<Task> hit, IServer server)
    {
        for (var i = 0; i < WarmUpCalls; i++)
        {
            await hit();
        }

        var commandsBefore = await CountCommandsAsync(server);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var latencies = new double[MeasuredCalls];
        for (var i = 0; i < MeasuredCalls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await hit();
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)MeasuredCalls;
        var commands = (await CountCommandsAsync(server) - commandsBefore) / (double)MeasuredCalls;
        Array.Sort(latencies);
        return new HitProfile(name, latencies[MeasuredCalls / 2], latencies[MeasuredCalls * 95 / 100], allocated / 1024, commands, MeasuredCalls);
    }

    /// <summary>Per-call figures of one kind of hit.</summary>
    public sealed record HitProfile(string Name, double P50Microseconds, double P95Microseconds, double AllocatedKilobytes, double RedisCommands, int Calls)
    {
        public override string ToString() =>
            $"{Name}: p50 {P50Microseconds:0.0} µs, p95 {P95Microseconds:0.0} µs, {AllocatedKilobytes:0.0} KB allocated and {RedisCommands:0.00} Redis commands per call ({Calls} calls, one at a time)";
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
