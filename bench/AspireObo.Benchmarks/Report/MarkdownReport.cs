using System.Globalization;
using System.Text;
using AspireObo.Benchmarks.Load;
using AspireObo.Benchmarks.TokenCache;

namespace AspireObo.Benchmarks.Report;

/// <summary>The results as markdown: the load table, the micro-benchmark table, and each target met or not.</summary>
public sealed class MarkdownReport(LoadOptions load, int users, IReadOnlyList<Scenario> scenarios, IReadOnlyList<MicroResult> micro)
{
    // MSAL.NET's own published OBO cache-hit figures (its in-memory cache, no serialization or encryption).
    private static readonly Dictionary<int, double> MsalPublishedMicroseconds = new() { [1] = 15.4, [10_000] = 27.8 };

    public required string Command { get; init; }

    public required IReadOnlyList<double?> LoadAverages { get; init; }

    /// <summary>Per-call figures of each kind of hit (<see cref="TokenCacheProfile"/>).</summary>
    public IReadOnlyList<TokenCacheProfile.HitProfile> Breakdown { get; init; } = [];

    public string Render()
    {
        var text = new StringBuilder();
        Line(text, $"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Line(text, $"- Machine: {MachineInfo.Describe()}");
        Line(text, $"- Load average (1 min) sampled during the run: {string.Join(", ", LoadAverages.Select(value => value?.ToString("0.00", CultureInfo.InvariantCulture) ?? "n/a"))}");
        Line(text, $"- Command: `{Command}`");
        Line(text, $"- Load: {users} users (one user token each), {load.Concurrency} connections (closed loop, HTTP/1.1 keep-alive, loopback), " +
            $"{load.WarmUp.TotalSeconds:0} s warm-up per scenario, then {load.Rounds} rounds of {load.Duration.TotalSeconds:0} s per scenario " +
            $"(1-connection rows: {load.Duration.TotalSeconds / 2:0} s), scenarios taking turns; \"Second replica\": {load.SecondReplicaTokens} fresh user tokens, each used once.");
        Line(text, "");
        Line(text, "| Scenario | Path | Connections | Requests | Requests/s | p50 (ms) | p95 (ms) | p99 (ms) | Errors | Token-endpoint calls / 1000 requests |");
        Line(text, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var scenario in scenarios)
        {
            var r = scenario.Result;
            Line(text, $"| {scenario.Name} | {scenario.Path} | {scenario.Concurrency} | {r.Requests} | {r.RequestsPerSecond:0} | {r.Percentile(50):0.00} | {r.Percentile(95):0.00} | {r.Percentile(99):0.00} | {r.Errors} | {r.TokenEndpointCallsPer1000:0.0} |");
        }

        Line(text, "");
        Line(text, "| Token acquisition (Microsoft.Identity.Web, in process) | OBO tokens cached | Median (µs) | P95 (µs) | Allocated / op | MSAL.NET published cache hit (µs) |");
        Line(text, "| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var result in micro)
        {
            var published = result.Operation.Contains("hit", StringComparison.OrdinalIgnoreCase) && MsalPublishedMicroseconds.TryGetValue(result.CachedUsers, out var value)
                ? value.ToString("0.0", CultureInfo.InvariantCulture)
                : "—";
            var allocated = result.AllocatedBytes is { } bytes ? $"{bytes / 1024.0:0.0} KB" : "n/a";
            Line(text, $"| {result.Operation} | {result.CachedUsers:N0} | {result.MedianMicroseconds:0.0} | {result.P95Microseconds:0.0} | {allocated} | {published} |");
        }

        Line(text, "");
        foreach (var line in Breakdown)
        {
            Line(text, $"- {line}");
        }

        Line(text, "");
        Line(text, "| Target | Figure | Met |");
        Line(text, "| --- | --- | --- |");
        foreach (var (target, figure, met) in Targets())
        {
            Line(text, $"| {target} | {figure} | {(met is null ? "n/a" : met.Value ? "yes" : "**no**")} |");
        }

        return text.ToString();
    }

    private IEnumerable<(string Target, string Figure, bool? Met)> Targets()
    {
        // p50 per call (the breakdown, 1 token cached), beside BenchmarkDotNet's medians of per-iteration means.
        var l1 = micro.Where(result => result.Operation == "L1 hit").ToList();
        var l2 = micro.Where(result => result.Operation.StartsWith("L2", StringComparison.Ordinal)).ToList();
        var l1Call = Breakdown.FirstOrDefault(hit => hit.Name == "L1 hit");
        var l2Call = Breakdown.FirstOrDefault(hit => hit.Name == "L2-only hit");
        yield return ("L1 hit ≤ 25 µs at p50", Figure(l1Call, l1), l1Call is null ? null : l1Call.P50Microseconds <= 25);
        yield return ("L2 hit ≤ 1 ms at p50", Figure(l2Call, l2), l2Call is null ? null : l2Call.P50Microseconds <= 1000);

        var warm = Find(LoadScenarios.Warm);
        var noCache = Find(LoadScenarios.NoCache);
        var warmSingle = Find(LoadScenarios.WarmSingle);
        var floorSingle = Find(LoadScenarios.FloorSingle);
        if (l1Call is not null && warmSingle is not null && floorSingle is not null)
        {
            var acquisitionMs = l1Call.P50Microseconds / 1000;
            var requestMs = warmSingle.Percentile(50);
            var hopMs = requestMs - floorSingle.Percentile(50);
            yield return ("Warm: token acquisition ≤ 3% of FrontApi's request time at p50",
                $"{acquisitionMs * 1000:0.0} µs = {acquisitionMs / requestMs:0.0%} of a {requestMs:0.00} ms request (1 connection); {acquisitionMs / hopMs:0.0%} of the {hopMs:0.00} ms the front hop adds over the floor",
                acquisitionMs / requestMs <= 0.03);
        }

        if (warm is not null)
        {
            yield return ("Warm: 0 token-endpoint calls per 1000 requests at steady state",
                $"{warm.TokenEndpointCallsPer1000:0.0} ({warm.TokenEndpointCalls} in {warm.Requests} requests)", warm.TokenEndpointCalls == 0);
        }

        if (warm is not null && noCache is not null)
        {
            var ratio = warm.RequestsPerSecond / noCache.RequestsPerSecond;
            yield return ("Warm throughput ≥ 5× No-cache throughput",
                $"{warm.RequestsPerSecond:0} vs {noCache.RequestsPerSecond:0} requests/s = {ratio:0.0}×", ratio >= 5);
        }
    }

    private LoadSample? Find(string name) => scenarios.FirstOrDefault(scenario => scenario.Name == name)?.Result;

    private static string Figure(TokenCacheProfile.HitProfile? perCall, IEnumerable<MicroResult> medians) =>
        $"p50 per call {perCall?.P50Microseconds.ToString("0.0", CultureInfo.InvariantCulture) ?? "n/a"} µs; BenchmarkDotNet medians " +
        string.Join(", ", medians.Select(result => $"{result.MedianMicroseconds:0.0} µs ({result.CachedUsers:N0} cached)"));

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
