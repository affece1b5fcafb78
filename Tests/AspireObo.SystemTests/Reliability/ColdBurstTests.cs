using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AspireObo.SystemTests.Reliability;

public sealed class ColdBurstSystem() : PrivateSystem(new SystemOptions
{
    FrontReplicas = 2,
    AppHostArguments = [LoadTestUsers.AppHostArgument(ColdBurstTests.Users)],
});

/// <summary>
/// Healthy means ready: as soon as <c>front</c> reports healthy, 200 distinct users send their first requests at once
/// into two FrontApi replicas that have served nothing yet (no warm-up). Every one is answered, with its own caller's
/// identity, and each user costs one OBO exchange at most (plus one per replica for the share of the L2 cache).
/// </summary>
[Collection(IsolatedSystems.Name)]
public sealed class ColdBurstTests(ColdBurstSystem fixture) : IClassFixture<ColdBurstSystem>
{
    public const int Users = 200;

    private readonly RunningSystem _system = fixture.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_hundred_first_requests_into_a_system_that_just_became_healthy_all_succeed_with_their_own_identity()
    {
        var tokens = await Task.WhenAll(Enumerable.Range(1, Users).Select(n => _system.Identity.GetUserTokenAsync(LoadTestUsers.User(n), Cancellation)));
        var clients = tokens.Select(token => _system.CreateFrontClient(token)).ToArray();

        var stopwatch = Stopwatch.StartNew();
        var answers = await Task.WhenAll(clients.Select(async (client, index) =>
        {
            var started = stopwatch.Elapsed;
            using var response = await client.GetAsync("/api/me", Cancellation);
            var oid = response.IsSuccessStatusCode
                ? (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("oid").GetString()
                : null;
            return (response.StatusCode, Oid: oid, Expected: tokens[index].ObjectId, Elapsed: stopwatch.Elapsed - started);
        }));

        var durations = answers.Select(answer => answer.Elapsed.TotalMilliseconds).Order().ToArray();
        var exchanges = (await Task.WhenAll(tokens.Select(token => _system.Identity.GetOnBehalfOfCountAsync(token, Cancellation)))).Sum();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Cold burst: {Users} users, p50 {durations[Users / 2]:F0} ms, p95 {durations[(int)(Users * 0.95)]:F0} ms, max {durations[^1]:F0} ms; " +
            $"statuses: {string.Join(", ", answers.GroupBy(answer => (int)answer.StatusCode).Select(group => $"{group.Key}×{group.Count()}"))}; OBO exchanges: {exchanges}.");

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        Assert.All(answers, answer => Assert.Equal(answer.Expected, answer.Oid));
        Assert.InRange(exchanges, Users, Users + _system.Options.FrontReplicas);

        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}
