using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AspireObo.SystemTests.Reliability;

public sealed class RedisOutageSystem() : PrivateSystem(new SystemOptions());

/// <summary>
/// Redis stops mid-run: FrontApi keeps answering (L1 token cache, fresh exchanges), /health says Degraded, data calls
/// get 503 problem details (DownstreamApi's, passed on), and when Redis is back everything recovers without a
/// restart, with every write acknowledged before the outage still there.
/// </summary>
[Collection(IsolatedSystems.Name)]
public sealed class RedisOutageTests(RedisOutageSystem fixture) : IClassFixture<RedisOutageSystem>
{
    /// <summary>Redis timeouts are 2–3 s in the services; the rest is slack for a loaded machine.</summary>
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(20);

    /// <summary>From Redis's restart to DownstreamApi using it again: the server's start, then reconnection.</summary>
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Once Redis serves DownstreamApi, FrontApi's next reconnection attempt is at most 2 s away (its retry policy) and
    /// takes at most its 2 s connect timeout; the rest is slack for a loaded machine.
    /// </summary>
    private static readonly TimeSpan ReconnectBound = TimeSpan.FromSeconds(10);

    private readonly RunningSystem _system = fixture.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Redis_outage_degrades_without_500s_and_loses_no_acknowledged_write()
    {
        using var alice = _system.CreateFrontClient(await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation));
        using var bob = _system.CreateFrontClient(await _system.Identity.GetUserTokenAsync(DevUser.Bob, Cancellation));
        using var anonymous = _system.CreateFrontClient();
        var run = Guid.NewGuid().ToString("N");
        var acknowledged = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            using var created = await alice.PostAsJsonAsync("/api/todos", new { title = $"before outage {run} {i}" }, Cancellation);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            acknowledged.Add((await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!);
        }

        using (var warmUp = await alice.GetAsync("/api/me", Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, warmUp.StatusCode);
        }

        await _system.StopAsync("cache", Cancellation);
        try
        {
            // A token in the L1 cache, and a fresh exchange (its L2 write fails, the request does not).
            await AssertAnswersWithinBoundAsync(alice, "/api/me", HttpStatusCode.OK);
            await AssertAnswersWithinBoundAsync(bob, "/api/me", HttpStatusCode.OK);

            // Data lives in Redis: 503 with Retry-After, for reads and writes, never 500 nor a hang.
            using (var list = await AssertAnswersWithinBoundAsync(alice, "/api/todos", HttpStatusCode.ServiceUnavailable))
            {
                ProblemAssert.IsProblem(list, HttpStatusCode.ServiceUnavailable);
            }

            var stopwatch = Stopwatch.StartNew();
            using (var create = await alice.PostAsJsonAsync("/api/todos", new { title = $"during outage {run}" }, Cancellation))
            {
                ProblemAssert.IsProblem(create, HttpStatusCode.ServiceUnavailable);
            }

            Assert.True(stopwatch.Elapsed < AnswerBound, $"A write during the outage was answered after {stopwatch.Elapsed}.");

            using var health = await AssertAnswersWithinBoundAsync(anonymous, "/health", HttpStatusCode.OK);
            // /health answers JSON since it names what it waits for (ServiceDefaults/Readiness): its overall status.
            Assert.Equal("Degraded", (await health.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("status").GetString());
        }
        finally
        {
            await _system.StartAsync("cache", Cancellation);
        }

        using (var list = await Recovery.UntilOkAsync(alice, "/api/todos", RecoveryBound, HttpStatusCode.ServiceUnavailable))
        {
            var ids = (await list.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).EnumerateArray()
                .Select(todo => todo.GetProperty("id").GetString()).ToHashSet();
            Assert.Superset(acknowledged.ToHashSet(), ids!);
        }

        // FrontApi reconnects on its own schedule, not DownstreamApi's, but within seconds of it, without a restart.
        await Eventually.ReadAsync(async token =>
        {
            using var health = await anonymous.GetAsync("/health", token);
            return (await health.Content.ReadFromJsonAsync<JsonElement>(token)).GetProperty("status").GetString();
        }, status => status == "Healthy", ReconnectBound, status => $"FrontApi's /health still says {status}", Cancellation);
    }

    private static async Task<HttpResponseMessage> AssertAnswersWithinBoundAsync(HttpClient client, string path, HttpStatusCode expected)
    {
        var stopwatch = Stopwatch.StartNew();
        var response = await client.GetAsync(path, Cancellation);
        Assert.True(stopwatch.Elapsed < AnswerBound, $"GET {path} was answered after {stopwatch.Elapsed}.");
        Assert.Equal(expected, response.StatusCode);
        return response;
    }
}
