using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AspireObo.SystemTests.Reliability;

public sealed class ReplicaDeploymentSystem() : PrivateSystem(new SystemOptions
{
    FrontReplicas = ReplicaDeploymentTests.Replicas,
    LoadTestUsers = ReplicaDeploymentTests.Users,
});

/// <summary>
/// A first deployment: FrontApi replicas started together on an empty Redis (no key ring, no token cache), then running
/// past every start-up window. Data Protection re-reads its key ring for an unknown key only in its first 2 minutes, so a
/// split key ring shows only after that: each user's token, cached by one replica in the first minute, must still be found
/// in Redis by every other replica later — no second exchange — and no replica may report unreadable entries.
/// </summary>
[Collection(IsolatedSystems.Name)]
public sealed class ReplicaDeploymentTests(ReplicaDeploymentSystem fixture) : IClassFixture<ReplicaDeploymentSystem>
{
    public const int Replicas = 3;
    public const int Users = 60;

    /// <summary>Data Protection's own window (KeyRingProvider: unknown keys refresh the ring for 2 minutes after start), and a margin.</summary>
    private static readonly TimeSpan PastStartUpWindows = TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(15);

    private readonly RunningSystem _system = fixture.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Replicas_started_together_on_an_empty_Redis_share_the_token_cache_after_every_start_up_window()
    {
        var healthy = DateTimeOffset.UtcNow; // the replicas started before this, so their windows began earlier
        var tokens = await Task.WhenAll(LoadTestUsers.Users(Users).Select(user => _system.Identity.GetUserTokenAsync(user, Cancellation)));

        // Every user's first request, all at once, each on "their" replica: it exchanges and writes the token to Redis.
        await AllSucceedAsync(tokens.Select((token, user) => (token, replica: user % Replicas)));
        Assert.Equal(Users, await ExchangesAsync(tokens));

        await Task.Delay(healthy + PastStartUpWindows - DateTimeOffset.UtcNow, Cancellation);

        // The same users, at once, on every other replica: their L1 lacks the token, Redis has it.
        await AllSucceedAsync(tokens.SelectMany((token, user) => Enumerable.Range(1, Replicas - 1).Select(offset => (token, replica: (user + offset) % Replicas))));
        Assert.Equal(Users, await ExchangesAsync(tokens));

        for (var replica = 0; replica < Replicas; replica++)
        {
            using var client = new HttpClient { BaseAddress = _system.FrontReplicas[replica] };
            using var health = await client.GetAsync("/health", Cancellation);
            var body = await health.Content.ReadAsStringAsync(Cancellation);
            Assert.True(health.StatusCode == HttpStatusCode.OK && !body.Contains("Degraded", StringComparison.Ordinal), $"Replica {replica}: {body}");
        }
    }

    private async Task AllSucceedAsync(IEnumerable<(AccessToken Token, int Replica)> requests)
    {
        var answers = await Task.WhenAll(requests.Select(async request =>
        {
            using var client = _system.CreateFrontReplicaClient(request.Replica, request.Token);
            using var response = await client.GetAsync("/api/me", Cancellation);
            var oid = response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("oid").GetString() : null;
            return (response.StatusCode, Oid: oid, Expected: request.Token.ObjectId);
        }));

        Assert.All(answers, answer => Assert.Equal((HttpStatusCode.OK, answer.Expected), (answer.StatusCode, answer.Oid)));
    }

    private async Task<int> ExchangesAsync(IEnumerable<AccessToken> tokens) =>
        (await Task.WhenAll(tokens.Select(token => _system.Identity.GetOnBehalfOfCountAsync(token, Cancellation)))).Sum();
}
