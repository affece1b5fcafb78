using System.Net;
using System.Net.Http.Json;

namespace AspireObo.SystemTests.TokenCache;

/// <summary>
/// Issue 13's walk-through: a user alternating reads (FrontApi asks for Todo.Read) and writes (Todo.ReadWrite). Entra's
/// OBO answer carries every scope consented for DownstreamApi, so the one cached token serves both: one exchange per
/// token lifetime per replica, and with the shared Redis cache one in all. Counted at the emulator's /_emulator/stats.
/// </summary>
[Collection(SharedSystem.CollectionName)]
public sealed class ReadWriteAlternationTests(SharedSystem shared)
{
    private readonly RunningSystem _system = shared.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Alternating_reads_and_writes_cost_one_exchange_per_token_lifetime_per_replica()
    {
        var token = await _system.Identity.GetUserTokenAsync(DevUser.Bob, Cancellation);
        var replicas = _system.CreateFrontReplicaClients(token);
        var exchangesBefore = 0;

        foreach (var replica in replicas)
        {
            // The sequence: me, me, list, add, list, me, add, list.
            await SendAsync(replica, HttpMethod.Get, "/api/me");
            await SendAsync(replica, HttpMethod.Get, "/api/me");
            await SendAsync(replica, HttpMethod.Get, "/api/todos");
            await SendAsync(replica, HttpMethod.Post, "/api/todos");
            await SendAsync(replica, HttpMethod.Get, "/api/todos");
            await SendAsync(replica, HttpMethod.Get, "/api/me");
            await SendAsync(replica, HttpMethod.Post, "/api/todos");
            await SendAsync(replica, HttpMethod.Get, "/api/todos");

            var exchanges = await _system.Identity.GetOnBehalfOfCountAsync(token, Cancellation);
            Assert.InRange(exchanges - exchangesBefore, 0, 1); // at most one per replica for this token's lifetime
            exchangesBefore = exchanges;
        }

        // The first replica's exchange was cached in Redis; the second replica found it there.
        Assert.Equal(1, await _system.Identity.GetOnBehalfOfCountAsync(token, Cancellation));
        foreach (var replica in replicas)
        {
            replica.Dispose();
        }
    }

    private static async Task SendAsync(HttpClient replica, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post)
        {
            request.Content = JsonContent.Create(new { title = $"alternation {Guid.NewGuid():N}" });
        }

        using var response = await replica.SendAsync(request, Cancellation);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created,
            $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
    }
}
