using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AspireObo.SystemTests.OnBehalfOf;

/// <summary>The On-Behalf-Of chain end to end: client → FrontApi → (OBO at the EntraEmulator) → DownstreamApi.</summary>
[Collection(SharedSystem.CollectionName)]
public sealed class OnBehalfOfTests(SharedSystem shared)
{
    private readonly RunningSystem _system = shared.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Me_reaches_DownstreamApi_on_behalf_of_the_caller()
    {
        var token = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        using var front = _system.CreateFrontClient(token);

        using var response = await front.GetAsync("/api/me", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(token.ObjectId, me.GetProperty("oid").GetString());
        Assert.Equal(DevTenant.TenantId, me.GetProperty("tid").GetString());
        // azp is the app that presented the OBO token to DownstreamApi: FrontApi, not the user's client.
        Assert.Equal(DevTenant.FrontApiClientId, me.GetProperty("azp").GetString());
        Assert.Equal(1, await _system.Identity.GetOnBehalfOfCountAsync(token, Cancellation));
    }

    [Fact]
    public async Task A_second_call_with_the_same_token_is_served_from_the_token_cache()
    {
        var token = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        var replicas = _system.CreateFrontReplicaClients(token);
        var replica = replicas[0];

        using (var first = await replica.GetAsync("/api/me", Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        Assert.Equal(1, await _system.Identity.GetOnBehalfOfCountAsync(token, Cancellation));

        using (var second = await replica.GetAsync("/api/me", Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        Assert.Equal(1, await _system.Identity.GetOnBehalfOfCountAsync(token, Cancellation));
        DisposeAll(replicas);
    }

    [Fact]
    public async Task A_token_cached_by_one_replica_is_used_by_the_other_through_Redis()
    {
        var token = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        var replicas = _system.CreateFrontReplicaClients(token);
        Assert.Equal(2, replicas.Count);

        using (var first = await replicas[0].GetAsync("/api/me", Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using (var second = await replicas[1].GetAsync("/api/me", Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            var me = await second.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
            Assert.Equal(token.ObjectId, me.GetProperty("oid").GetString());
        }

        // The second replica's memory cache was cold: only the shared L2 (Redis) can have spared the exchange.
        Assert.Equal(1, await _system.Identity.GetOnBehalfOfCountAsync(token, Cancellation));
        DisposeAll(replicas);
    }

    [Fact]
    public async Task A_call_without_a_token_is_challenged()
    {
        using var front = _system.CreateFrontClient();

        using var response = await front.GetAsync("/api/me", Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Bearer");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static void DisposeAll(IEnumerable<HttpClient> clients)
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}
