using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace AspireObo.SystemTests.Graph;

/// <summary>
/// Microsoft Graph as FrontApi's second downstream API: <c>/api/profile</c> reaches DownstreamApi and Graph (the
/// emulator's Graph-compatible <c>/v1.0/me</c>) with two On-Behalf-Of tokens from one incoming token.
/// </summary>
[Collection(SharedSystem.CollectionName)]
public sealed class GraphProfileTests(SharedSystem shared)
{
    private readonly RunningSystem _system = shared.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Profile_shows_the_caller_through_DownstreamApi_and_Microsoft_Graph_with_one_exchange_each()
    {
        var token = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        using var front = _system.CreateFrontClient(token);

        var profile = await GetProfileAsync(front);

        Assert.False(profile.GetProperty("partial").GetBoolean());
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("errors").ValueKind);
        var downstream = profile.GetProperty("downstream");
        Assert.Equal(token.ObjectId, downstream.GetProperty("oid").GetString());
        Assert.Equal(DevTenant.FrontApiClientId, downstream.GetProperty("azp").GetString());
        var graph = profile.GetProperty("graph");
        Assert.Equal(token.ObjectId, graph.GetProperty("id").GetString());
        Assert.Equal("Alice Smith", graph.GetProperty("displayName").GetString());
        Assert.Equal("Alice", graph.GetProperty("givenName").GetString());
        Assert.Equal("alice@aspireobo.dev", graph.GetProperty("userPrincipalName").GetString());

        // One OBO exchange per downstream API (Todo.Read for DownstreamApi, User.Read for Graph)...
        Assert.Equal(2, await _system.Identity.GetOnBehalfOfCountAsync(token, Cancellation));

        // ...and none for the second call: both tokens come from the cache.
        await GetProfileAsync(front);
        Assert.Equal(2, await _system.Identity.GetOnBehalfOfCountAsync(token, Cancellation));
    }

    [Fact]
    public async Task Concurrent_first_profile_requests_of_one_user_cause_one_exchange_per_downstream_API()
    {
        const int concurrentRequests = 20;
        var token = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        // One replica: each replica exchanges on its own (see StampedeTests).
        using var front = _system.CreateFrontReplicaClient(0, token);

        // Entra takes a few hundred milliseconds per exchange, the emulator a few: at the emulator's pace the requests
        // would rarely overlap while waiting for a token, and the test could not tell one exchange per API from one per request.
        JsonElement[] profiles;
        await using (await _system.Identity.BreakTokenEndpointAsync(new { delayMilliseconds = 500, userObjectId = token.ObjectId }, Cancellation))
        {
            profiles = await Task.WhenAll(Enumerable.Range(0, concurrentRequests).Select(_ => GetProfileAsync(front)));
        }

        Assert.All(profiles, profile => Assert.False(profile.GetProperty("partial").GetBoolean(), profile.GetRawText()));
        // Graph's token, like DownstreamApi's, is exchanged once for all the requests waiting on it.
        Assert.Equal(2, await _system.Identity.GetOnBehalfOfCountAsync(token, Cancellation));
    }

    [Fact]
    public async Task Both_tokens_of_a_profile_reach_Redis_so_another_replica_exchanges_nothing()
    {
        var token = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        using var first = _system.CreateFrontReplicaClient(0, token);
        using var second = _system.CreateFrontReplicaClient(1, token);

        await GetProfileAsync(first);
        Assert.Equal(2, await _system.Identity.GetOnBehalfOfCountAsync(token, Cancellation));

        // The second replica has never seen this token: both of its tokens come from the partition the first wrote.
        await GetProfileAsync(second);
        Assert.Equal(2, await _system.Identity.GetOnBehalfOfCountAsync(token, Cancellation));
    }

    [Fact]
    public async Task A_DownstreamApi_failure_does_not_hide_the_Graph_part()
    {
        // Dana needs MFA for DownstreamApi (Conditional Access), not for Graph: only DownstreamApi's token is refused.
        var token = await _system.Identity.GetUserTokenAsync(DevUser.Dana, Cancellation);
        using var front = _system.CreateFrontClient(token);

        var profile = await GetProfileAsync(front);

        Assert.True(profile.GetProperty("partial").GetBoolean());
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("downstream").ValueKind);
        Assert.Equal(token.ObjectId, profile.GetProperty("graph").GetProperty("id").GetString());
        var error = profile.GetProperty("errors").GetProperty("downstream");
        Assert.Equal(403, error.GetProperty("status").GetInt32());
        Assert.Contains("sign in again", error.GetProperty("detail").GetString());
        Assert.False(profile.GetProperty("errors").TryGetProperty("graph", out _));
    }

    [Fact]
    public async Task The_emulators_Graph_accepts_only_Graph_tokens_as_Graph_does()
    {
        var userToken = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        var downstreamToken = await _system.Identity.ExchangeOnBehalfOfAsync(userToken, await _system.GetFrontApiClientSecretAsync(Cancellation), Cancellation);

        foreach (var (what, token) in new[] { ("no token", (string?)null), ("a token for FrontApi", userToken.Value), ("a token for DownstreamApi", downstreamToken.Value) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "v1.0/me");
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await _system.Identity.Http.SendAsync(request, Cancellation);

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{what}: {(int)response.StatusCode}");
            Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
            Assert.Equal("InvalidAuthenticationToken", body.GetProperty("error").GetProperty("code").GetString());
        }
    }

    private async Task<JsonElement> GetProfileAsync(HttpClient front)
    {
        using var response = await front.GetAsync("/api/profile", Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
