using AspireObo.Testing;

namespace AspireObo.Benchmarks.Load;

/// <summary>
/// The On-Behalf-Of hop side by side with its floor, on two running copies of the system: <c>cached</c> (two FrontApi
/// replicas, the token cache as shipped) and <c>uncached</c> (FrontApi with <c>Benchmarks:BypassTokenCache</c>).
/// Every scenario calls <c>GET /me</c> on DownstreamApi, through FrontApi's <c>GET /api/me</c> or directly.
/// </summary>
public sealed class LoadScenarios(RunningSystem cached, RunningSystem uncached, IReadOnlyList<DevUser> users, LoadOptions options, TextWriter log)
{
    public const string Warm = "Warm (OBO token cached)";
    public const string NoCache = "No cache (token endpoint on every request)";
    public const string Floor = "Floor (DownstreamApi directly)";
    public const string SecondReplica = "Second replica (cold L1, token in Redis)";
    public const string WarmSingle = "Warm, 1 connection";
    public const string FloorSingle = "Floor, 1 connection";
    public const string AlternatingScopes = "Alternating scopes (one user, read and write in turn)";

    private const int Parallelism = 8;

    public async Task<IReadOnlyList<Scenario>> RunAsync(CancellationToken cancellationToken)
    {
        using var runner = new LoadRunner(options.Concurrency);
        var front = new Uri(cached.FrontReplicas[0], "api/me");
        var uncachedFront = new Uri(uncached.FrontReplicas[0], "api/me");
        var downstream = new Uri(cached.DownstreamAddress, "me");

        log.WriteLine($"Getting {users.Count} user tokens from each emulator, and the floor's OBO tokens…");
        var cachedTokens = await GetUserTokensAsync(cached, users, cancellationToken);
        var uncachedTokens = await GetUserTokensAsync(uncached, users, cancellationToken);
        var frontApiClientSecret = await cached.GetFrontApiClientSecretAsync(cancellationToken);
        var floorTokens = await MapAsync(cachedTokens, async (token, cancel) =>
            (await cached.Identity.ExchangeOnBehalfOfAsync(new AccessToken(token), frontApiClientSecret, cancel)).Value, cancellationToken);

        var scenarios = new (Scenario Scenario, RunningSystem System, Uri Address, IReadOnlyList<string> Tokens)[]
        {
            (new Scenario(Warm, "client → FrontApi → DownstreamApi", options.Concurrency), cached, front, cachedTokens),
            (new Scenario(NoCache, "client → FrontApi → DownstreamApi", options.Concurrency), uncached, uncachedFront, uncachedTokens),
            (new Scenario(Floor, "client → DownstreamApi", options.Concurrency), cached, downstream, floorTokens),
            (new Scenario(WarmSingle, "client → FrontApi → DownstreamApi", 1), cached, front, cachedTokens),
            (new Scenario(FloorSingle, "client → DownstreamApi", 1), cached, downstream, floorTokens),
        };
        var alternating = new Scenario(AlternatingScopes, "GET /api/me (Todo.Read), DELETE /api/todos/{unknown id} (Todo.ReadWrite)", 1);

        // Each user's first request through FrontApi exchanges its token; Warm starts once every user has made one.
        await runner.RunAsync(options.Concurrency, TimeSpan.FromMinutes(5), Once(front, cachedTokens, options.Concurrency), cancellationToken);

        log.WriteLine($"Warm-up: {options.WarmUp.TotalSeconds:0} s per scenario.");
        foreach (var (scenario, _, address, tokens) in scenarios)
        {
            await runner.RunAsync(scenario.Concurrency, options.WarmUp, Cycle(address, tokens, scenario.Concurrency), cancellationToken);
        }

        await runner.RunAsync(1, options.WarmUp, Alternating(front, cachedTokens[0]), cancellationToken);
        for (var round = 1; round <= options.Rounds; round++)
        {
            var alternatingSample = await MeasureAsync(cached, () => runner.RunAsync(1, options.Duration / 2, Alternating(front, cachedTokens[0]), cancellationToken), cancellationToken);
            alternating.Result.Add(alternatingSample);
            log.WriteLine($"Round {round}/{options.Rounds}: {alternating.Name}: {alternatingSample.RequestsPerSecond:0} req/s, {alternatingSample.Errors} errors, {alternatingSample.TokenEndpointCalls} token-endpoint calls");

            foreach (var (scenario, system, address, tokens) in scenarios)
            {
                var duration = scenario.Concurrency == 1 ? options.Duration / 2 : options.Duration;
                var sample = await MeasureAsync(system, () => runner.RunAsync(scenario.Concurrency, duration, Cycle(address, tokens, scenario.Concurrency), cancellationToken), cancellationToken);
                scenario.Result.Add(sample);
                log.WriteLine($"Round {round}/{options.Rounds}: {scenario.Name}: {sample.RequestsPerSecond:0} req/s, p50 {sample.Percentile(50):0.00} ms, {sample.Errors} errors, {sample.TokenEndpointCalls} token-endpoint calls");
            }
        }

        var secondReplica = await RunSecondReplicaAsync(runner, cancellationToken);
        return [.. scenarios.Select(entry => entry.Scenario).Take(3), secondReplica, .. scenarios.Select(entry => entry.Scenario).Skip(3), alternating];
    }

    /// <summary>
    /// Fresh user tokens go through the first replica once (OBO exchange, token cached in its L1 and in Redis); then each
    /// is used exactly once on the second replica, which has never seen it: every measured request is an L1 miss that
    /// Redis must serve, and should cost no token-endpoint call.
    /// </summary>
    private async Task<Scenario> RunSecondReplicaAsync(LoadRunner runner, CancellationToken cancellationToken)
    {
        var scenario = new Scenario(SecondReplica, "client → FrontApi replica 2 → DownstreamApi", options.Concurrency);
        var first = new Uri(cached.FrontReplicas[0], "api/me");
        var second = new Uri(cached.FrontReplicas[^1], "api/me");
        var warmUpCount = Math.Max(options.Concurrency * 4, options.SecondReplicaTokens / 4);

        log.WriteLine($"Second replica: {options.SecondReplicaTokens + warmUpCount} fresh user tokens, cached through the first replica…");
        var fresh = await GetUserTokensAsync(cached, [.. Enumerable.Range(0, options.SecondReplicaTokens + warmUpCount).Select(i => users[i % users.Count])], cancellationToken);
        var prime = await runner.RunAsync(options.Concurrency, TimeSpan.FromMinutes(10), Once(first, fresh, options.Concurrency), cancellationToken);
        if (prime.Errors > 0)
        {
            throw new InvalidOperationException($"Priming the first replica failed for {prime.Errors} requests.");
        }

        await runner.RunAsync(options.Concurrency, TimeSpan.FromMinutes(10), Once(second, fresh[..warmUpCount], options.Concurrency), cancellationToken);
        var measured = fresh[warmUpCount..];
        var sample = await MeasureAsync(cached, () => runner.RunAsync(options.Concurrency, TimeSpan.FromMinutes(10), Once(second, measured, options.Concurrency), cancellationToken), cancellationToken);
        scenario.Result.Add(sample);
        log.WriteLine($"{scenario.Name}: {sample.RequestsPerSecond:0} req/s, p50 {sample.Percentile(50):0.00} ms, {sample.Errors} errors, {sample.TokenEndpointCalls} token-endpoint calls");
        return scenario;
    }

    private static async Task<LoadSample> MeasureAsync(RunningSystem system, Func<Task<LoadSample>> run, CancellationToken cancellationToken)
    {
        var before = await system.Identity.GetOnBehalfOfIssuedAsync(cancellationToken);
        var sample = await run();
        sample.TokenEndpointCalls = await system.Identity.GetOnBehalfOfIssuedAsync(cancellationToken) - before;
        return sample;
    }

    /// <summary>Each loop walks the users in turn, so all of them are in use all the time.</summary>
    private static Func<int, long, LoadRequest?> Cycle(Uri address, IReadOnlyList<string> tokens, int concurrency) =>
        (loop, i) => new LoadRequest(address, tokens[(int)((loop + i * concurrency) % tokens.Count)]);

    /// <summary>One user switching between a read (<c>Todo.Read</c>) and a write (<c>Todo.ReadWrite</c>) call.</summary>
    private static Func<int, long, LoadRequest?> Alternating(Uri front, string token)
    {
        var read = new Uri(front, "/api/me");
        var write = new Uri(front, $"/api/todos/{Guid.NewGuid()}");
        return (_, i) => i % 2 == 0 ? new LoadRequest(read, token) : new LoadRequest(write, token, HttpMethod.Delete);
    }

    /// <summary>Every token exactly once, shared out among the loops.</summary>
    private static Func<int, long, LoadRequest?> Once(Uri address, IReadOnlyList<string> tokens, int concurrency) =>
        (loop, i) => loop + i * concurrency < tokens.Count ? new LoadRequest(address, tokens[(int)(loop + i * concurrency)]) : null;

    private static Task<string[]> GetUserTokensAsync(RunningSystem system, IReadOnlyList<DevUser> forUsers, CancellationToken cancellationToken) =>
        MapAsync(forUsers, async (user, cancel) => (await system.Identity.GetUserTokenAsync(user, cancel)).Value, cancellationToken);

    private static async Task<string[]> MapAsync<T>(IReadOnlyList<T> items, Func<T, CancellationToken, Task<string>> map, CancellationToken cancellationToken)
    {
        var results = new string[items.Count];
        await Parallel.ForAsync(0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (i, token) => results[i] = await map(items[i], token));
        return results;
    }
}
