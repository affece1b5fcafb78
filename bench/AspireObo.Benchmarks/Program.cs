using AspireObo.Benchmarks.ColdStart;
using AspireObo.Benchmarks.Load;
using AspireObo.Benchmarks.Report;
using AspireObo.Benchmarks.System;
using AspireObo.Benchmarks.TokenCache;
using Aspire.Hosting.Testing;
using AspireObo.Testing;
using BenchmarkDotNet.Running;

namespace AspireObo.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/AspireObo.Benchmarks [-- --quick | --one-round] [--load-only] [--no-proxy] [--front Key=Value]… [--profile] [--cold-start [--burst-only]] [--soak [minutes]] [--warm-load N [--connections C] [--path P]] [--output file.md]</c>: brings the system
/// up twice on loopback (token cache as shipped; token cache bypassed), measures the On-Behalf-Of hop beside its floor,
/// then micro-benchmarks token acquisition, and prints the results as markdown (see docs/benchmarks.md).
/// <c>--profile</c> only breaks a token-cache hit down (time, allocations, Redis commands per call); <c>--cold-start</c> only
/// measures first requests right after the system reports healthy (<see cref="ColdStartBenchmark"/>); <c>--no-proxy</c> runs
/// DownstreamApi without Aspire's development proxy in front of it (both the Warm and the Floor paths lose that hop);
/// <c>--soak</c> only runs the chaos test's mixed load with a fault every few minutes and reports memory at its start and
/// end (<see cref="Soak.SoakBenchmark"/>).
/// </summary>
public static class Program
{
    private const int Users = 32;
    private const int ScaledPartitions = 100_000;

    public static async Task<int> Main(string[] args)
    {
        var quick = args.Contains("--quick");
        BenchSystems.WithoutProxy = args.Contains("--no-proxy");
        BenchSystems.FrontSettings = [.. args.Zip(args.Skip(1)).Where(pair => pair.First == "--front")
            .Select(pair => pair.Second.Split('=', 2)).Select(parts => KeyValuePair.Create(parts[0], parts.ElementAtOrDefault(1) ?? ""))];
        var profile = args.Contains("--profile");
        if (args.Contains("--soak"))
        {
            var minutes = int.TryParse(args.SkipWhile(arg => arg != "--soak").Skip(1).FirstOrDefault(), out var given) ? given : 30;
            using var soakTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(minutes + 15));
            var soakReport = await Soak.SoakBenchmark.RunAsync(TimeSpan.FromMinutes(minutes), Console.Out, soakTimeout.Token);
            Console.WriteLine();
            Console.WriteLine("----- results (markdown) -----");
            Console.WriteLine(soakReport);
            return 0;
        }

        if (args.Contains("--cold-start"))
        {
            using var coldStartTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
            var rows = await ColdStartBenchmark.RunAsync(Console.Out, args.Contains("--burst-only"), coldStartTimeout.Token);
            Console.WriteLine();
            Console.WriteLine("----- results (markdown) -----");
            Console.WriteLine(rows);
            return 0;
        }

        var output = args.SkipWhile(arg => arg != "--output").Skip(1).FirstOrDefault();
        var oneRound = args.Contains("--one-round");
        var load = quick ? LoadOptions.Quick : oneRound ? LoadOptions.OneRound : new LoadOptions { Users = Users };
        TokenAcquisitionBenchmarks.CachedUserCounts = quick ? [1, 200] : [1, 10_000];
        TokenCacheBenchmarkConfig.IterationCount = quick ? 3 : oneRound ? 10 : 15;

        var log = Console.Out;
        var loadAverages = new List<double?> { MachineInfo.LoadAverage() };
        var users = LoadTestUsers.Users(load.Users);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(quick ? 10 : 40));

        log.WriteLine("Starting the system with the token cache as shipped (2 FrontApi replicas)…");
        await using var cached = await RunningSystem.StartAsync(BenchSystems.Cached(load.Users), cancellation.Token);
        var frontApiClientSecret = await cached.GetFrontApiClientSecretAsync(cancellation.Token);
        var redis = await cached.App.GetConnectionStringAsync("cache", cancellation.Token)
            ?? throw new InvalidOperationException("The cache resource has no connection string.");
        var warmLoad = args.SkipWhile(arg => arg != "--warm-load").Skip(1).FirstOrDefault();
        if (warmLoad is not null)
        {
            var connections = args.SkipWhile(arg => arg != "--connections").Skip(1).FirstOrDefault() ?? "8";
            var path = args.SkipWhile(arg => arg != "--path").Skip(1).FirstOrDefault() ?? "api/me";
            await WarmProfileLoad.RunAsync(
                cached, users, TimeSpan.FromSeconds(int.Parse(warmLoad, global::System.Globalization.CultureInfo.InvariantCulture)),
                int.Parse(connections, global::System.Globalization.CultureInfo.InvariantCulture), path, log, cancellation.Token);
            return 0;
        }

        if (profile)
        {
            using var profiled = new TokenCacheFixture(cached, frontApiClientSecret, redis, users, log);
            await TokenCacheProfile.RunAsync(profiled, redis, TextWriter.Null, cancellation.Token); // warms up, as below
            await TokenCacheProfile.RunAsync(profiled, redis, log, cancellation.Token);
            return 0;
        }

        IReadOnlyList<Scenario> scenarios;
        log.WriteLine("Starting the system with the token cache bypassed (Benchmarks:BypassTokenCache=true)…");
        await using (var uncached = await RunningSystem.StartAsync(BenchSystems.Uncached(load.Users), cancellation.Token))
        {
            loadAverages.Add(MachineInfo.LoadAverage());
            scenarios = await new LoadScenarios(cached, uncached, users, load, log).RunAsync(cancellation.Token);
            loadAverages.Add(MachineInfo.LoadAverage());
        }

        IReadOnlyList<MicroResult> micro = [];
        IReadOnlyList<TokenCacheProfile.HitProfile> breakdown = [];
        TokenCacheMemory.Figures? memory = null;
        (TokenCacheProfile.HitProfile Hit, TokenCacheMemory.Figures Memory)? scaled = null;
        // --load-only: the load scenarios alone (the token-cache micro-benchmarks run in their own process, unchanged).
        if (!args.Contains("--load-only"))
        {
            using var fixture = new TokenCacheFixture(cached, frontApiClientSecret, redis, users, log);

            // A first pass only warms up: it calls each hit thousands of times, so that on a loaded machine the JIT's
            // tier-up does not lag into the first benchmarks. The breakdown reported is the second pass.
            await TokenCacheProfile.RunAsync(fixture, redis, TextWriter.Null, cancellation.Token);
            TokenAcquisitionBenchmarks.Fixture = fixture;
            micro = ReadResults(BenchmarkRunner.Run<TokenAcquisitionBenchmarks>());
            breakdown = await TokenCacheProfile.RunAsync(fixture, redis, log, cancellation.Token);
            memory = await TokenCacheMemory.MeasureAsync(fixture, redis, fixture.CachedCount, cancellation.Token);
            log.WriteLine(memory);
            if (!quick)
            {
                scaled = await ScaledL1.RunAsync(fixture, redis, ScaledPartitions, log, cancellation.Token);
            }

            loadAverages.Add(MachineInfo.LoadAverage());
        }

        var report = new MarkdownReport(load, users.Count, scenarios, micro)
        {
            Breakdown = breakdown,
            Memory = memory,
            Scaled = scaled,
            Command = "dotnet run -c Release --project bench/AspireObo.Benchmarks" + (quick ? " -- --quick" : oneRound ? " -- --one-round" : "")
                + (args.Contains("--load-only") ? " --load-only" : "") + (BenchSystems.WithoutProxy ? " --no-proxy" : ""),
            LoadAverages = loadAverages,
        }.Render();

        log.WriteLine();
        log.WriteLine("----- results (markdown) -----");
        log.WriteLine(report);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, report, cancellation.Token);
        }

        return micro.Count == 0 && !args.Contains("--load-only") ? 1 : 0;
    }

    private static List<MicroResult> ReadResults(BenchmarkDotNet.Reports.Summary summary) => summary.Reports
        .Where(report => report.ResultStatistics is not null)
        .Select(report => new MicroResult(
            report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\''),
            (int)report.BenchmarkCase.Parameters["CachedUsers"],
            report.ResultStatistics!.Median / 1000,
            report.ResultStatistics.Percentiles.P95 / 1000,
            report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase)))
        .OrderBy(result => result.CachedUsers)
        .ThenBy(result => result.Operation, StringComparer.Ordinal)
        .ToList();
}
