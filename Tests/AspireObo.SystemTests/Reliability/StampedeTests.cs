using System.Net;

namespace AspireObo.SystemTests.Reliability;

/// <summary>Many concurrent first requests of one user: FrontApi coalesces them into one OBO exchange per replica.</summary>
public sealed class StampedeSystem() : PrivateSystem(new SystemOptions { FrontReplicas = 2 });

/// <remarks>A system of its own: a stampede loads the machine, and must not make other tests' calls time out.</remarks>
[Collection(IsolatedSystems.Name)]
public sealed class StampedeTests(StampedeSystem fixture) : IClassFixture<StampedeSystem>
{
    private const int ConcurrentRequests = 100;

    private readonly RunningSystem _system = fixture.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_hundred_concurrent_first_requests_of_one_user_cause_one_OBO_exchange_per_replica()
    {
        // No warm-up: the replicas have served nothing yet, and are ready because they report healthy.
        var token = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        var replicas = _system.CreateFrontReplicaClients(token);

        var responses = await Task.WhenAll(Enumerable.Range(0, ConcurrentRequests)
            .Select(i => replicas[i % replicas.Count].GetAsync("/api/me", Cancellation)));

        var failures = responses.Where(response => response.StatusCode != HttpStatusCode.OK).ToArray();
        Assert.True(failures.Length == 0, $"{failures.Length} of {ConcurrentRequests} failed, e.g. {(failures.Length == 0 ? "" : await failures[0].Content.ReadAsStringAsync(Cancellation))}");
        // One per replica at most; fewer when one replica finds the other's token in the shared L2 cache first.
        Assert.InRange(await _system.Identity.GetOnBehalfOfCountAsync(token, Cancellation), 1, replicas.Count);

        foreach (var response in responses)
        {
            response.Dispose();
        }

        foreach (var replica in replicas)
        {
            replica.Dispose();
        }
    }
}
