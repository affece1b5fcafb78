using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace AspireObo.SystemTests.Reliability;

public sealed class DownstreamOutageSystem() : PrivateSystem(new SystemOptions());

/// <summary>
/// DownstreamApi stops (its port stays open and never answers, like a hung service): FrontApi answers 5xx problem
/// details within its bound (15 s per call), its circuit breaker then fails calls at once, and it recovers by itself.
/// </summary>
[Collection(IsolatedSystems.Name)]
public sealed class DownstreamOutageTests(DownstreamOutageSystem fixture) : IClassFixture<DownstreamOutageSystem>
{
    /// <summary>FrontApi's total timeout for a DownstreamApi call is 15 s; the rest is slack for a loaded machine.</summary>
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(45);

    private readonly RunningSystem _system = fixture.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DownstreamApi_down_gives_bounded_5xx_problems_then_an_open_circuit_then_recovery()
    {
        using var alice = _system.CreateFrontClient(await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation));
        var run = Guid.NewGuid().ToString("N");
        using (var warmUp = await alice.GetAsync("/api/me", Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, warmUp.StatusCode);
        }

        await _system.StopAsync("downstream", Cancellation);
        try
        {
            // Enough failing calls (reads and writes) for the breaker's minimum throughput of 100.
            var stopwatch = Stopwatch.StartNew();
            var failing = await Task.WhenAll(Enumerable.Range(0, 110).Select(i => i % 2 == 0
                ? alice.GetAsync("/api/todos", Cancellation)
                : alice.PostAsJsonAsync("/api/todos", new { title = $"during outage {run} {i}" }, Cancellation)));
            Assert.True(stopwatch.Elapsed < AnswerBound, $"Calls to a hung DownstreamApi were answered after {stopwatch.Elapsed}.");
            Assert.All(failing, response => ProblemAssert.IsProblem(response, HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable, HttpStatusCode.GatewayTimeout));

            // The circuit is open now: rejected at once, without waiting for a timeout (15 s).
            stopwatch.Restart();
            using var rejected = await alice.GetAsync("/api/todos", Cancellation);
            ProblemAssert.IsProblem(rejected, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("paused", await rejected.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"With the circuit open the call still took {stopwatch.Elapsed}.");
        }
        finally
        {
            await _system.StartAsync("downstream", Cancellation);
        }

        using var recovered = await Recovery.UntilOkAsync(alice, "/api/todos", TimeSpan.FromSeconds(60),
            HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable, HttpStatusCode.GatewayTimeout);
    }
}
