using AspireObo.Testing;

namespace AspireObo.Benchmarks.Load;

/// <summary>
/// <c>--warm-load N [--connections C] [--path P]</c>: the Warm load alone for N seconds on the first FrontApi replica
/// (8 connections unless given; <c>api/me</c> unless another FrontApi path is given, e.g. <c>api/profile</c>), for a
/// profiler attached from outside (docs/benchmarks.md, "Where the time goes"). Prints the replica's address first, so
/// the caller can find its process, and the Floor at the same concurrency right after, for a side-by-side ratio from
/// the same run.
/// </summary>
public static class WarmProfileLoad
{
    public static async Task RunAsync(RunningSystem system, IReadOnlyList<DevUser> users, TimeSpan duration, int concurrency, string path, TextWriter log, CancellationToken cancellationToken)
    {
        using var runner = new LoadRunner(concurrency);
        var front = new Uri(system.FrontReplicas[0], path);
        var downstream = new Uri(system.DownstreamAddress, "me");
        var tokens = new List<string>();
        foreach (var user in users)
        {
            tokens.Add((await system.Identity.GetUserTokenAsync(user, cancellationToken)).Value);
        }

        var secret = await system.GetFrontApiClientSecretAsync(cancellationToken);
        var floorTokens = new List<string>();
        foreach (var token in tokens)
        {
            floorTokens.Add((await system.Identity.ExchangeOnBehalfOfAsync(new AccessToken(token), secret, cancellationToken)).Value);
        }

        Func<int, long, LoadRequest?> Cycle(Uri address, List<string> list) => (loop, i) => new LoadRequest(address, list[(int)((loop + i * concurrency) % list.Count)]);

        await runner.RunAsync(concurrency, TimeSpan.FromSeconds(10), Cycle(front, tokens), cancellationToken);
        log.WriteLine($"WARM-LOAD-START {system.FrontReplicas[0].Port}");
        var before = await system.Identity.GetOnBehalfOfIssuedAsync(cancellationToken);
        var warm = await runner.RunAsync(concurrency, duration, Cycle(front, tokens), cancellationToken);
        var calls = await system.Identity.GetOnBehalfOfIssuedAsync(cancellationToken) - before;
        log.WriteLine($"WARM-LOAD-END {path}: {warm.Requests} requests, {warm.RequestsPerSecond:0} req/s, p50 {warm.Percentile(50):0.00} ms, {warm.Errors} errors, {calls} token-endpoint calls");
        var floor = await runner.RunAsync(concurrency, TimeSpan.FromSeconds(10), Cycle(downstream, floorTokens), cancellationToken);
        log.WriteLine($"FLOOR {floor.Requests} requests, {floor.RequestsPerSecond:0} req/s, p50 {floor.Percentile(50):0.00} ms; Warm/Floor {warm.RequestsPerSecond / floor.RequestsPerSecond:0.00}");
    }
}
