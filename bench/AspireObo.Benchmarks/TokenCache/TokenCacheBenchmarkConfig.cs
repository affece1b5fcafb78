using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace AspireObo.Benchmarks.TokenCache;

/// <summary>
/// A short job, in process: the benchmarks need the running system the program started (a separate benchmark process
/// could not share it), and a few minutes in all is enough for microsecond-scale operations.
/// </summary>
public sealed class TokenCacheBenchmarkConfig : ManualConfig
{
    public static int IterationCount { get; set; } = 15;

    public TokenCacheBenchmarkConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(IterationCount)
            .WithId("InProcessShort"));
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddColumn(StatisticColumn.P95);
        AddDiagnoser(MemoryDiagnoser.Default);
        AddLogger(ConsoleLogger.Default);
        ArtifactsPath = Path.Combine(Path.GetTempPath(), "aspireobo-bench-artifacts");
        Options |= ConfigOptions.DisableLogFile;
    }
}
