using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using StackExchange.Redis;

namespace AspireObo.SystemTests.TokenCache;

/// <summary>FrontApi with an L1 token cache bounded to two partitions (<c>TokenCache:L1:MaxPartitions</c>).</summary>
public sealed class TokenCacheL1BoundSystem() : PrivateSystem(new SystemOptions
{
    LoadTestUsers = TokenCacheL1BoundTests.Users,
    ConfigureAppHost = appHost => appHost.CreateResourceBuilder<ProjectResource>("front")
        .WithEnvironment("TokenCache__L1__MaxPartitions", TokenCacheL1BoundTests.MaxPartitions.ToString(CultureInfo.InvariantCulture)),
});

/// <summary>
/// More users than the L1 may hold: the partitions it evicts come back from Redis (L2), never from the token endpoint,
/// and every caller still gets a token for itself alone.
/// </summary>
[Collection(IsolatedSystems.Name)]
public sealed class TokenCacheL1BoundTests(TokenCacheL1BoundSystem fixture) : IClassFixture<TokenCacheL1BoundSystem>
{
    public const int Users = 4;
    public const int MaxPartitions = 2;
    private const int Rounds = 3;

    // Reads of the Redis cache entries (Microsoft.Extensions.Caching.StackExchangeRedis hashes).
    private static readonly string[] CacheReadCommands = ["cmdstat_hmget", "cmdstat_hget", "cmdstat_hgetall"];

    private readonly RunningSystem _system = fixture.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Partitions_beyond_the_bound_come_back_from_Redis_for_their_own_caller()
    {
        var tokens = new List<AccessToken>();
        foreach (var user in LoadTestUsers.Users(Users))
        {
            tokens.Add(await _system.Identity.GetUserTokenAsync(user, Cancellation));
        }

        using var front = _system.CreateFrontClient();
        foreach (var token in tokens)
        {
            await AssertMeIsAsync(front, token); // exchanged, written to Redis
        }

        var redisOptions = ConfigurationOptions.Parse(await _system.App.GetConnectionStringAsync("cache", Cancellation)
            ?? throw new InvalidOperationException("The cache resource has no connection string."));
        redisOptions.AllowAdmin = true; // INFO commandstats
        await using var redis = await ConnectionMultiplexer.ConnectAsync(redisOptions);
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var readsBefore = await CountCacheReadsAsync(server);

        for (var round = 0; round < Rounds; round++)
        {
            foreach (var token in tokens)
            {
                await AssertMeIsAsync(front, token);
            }
        }

        // An unbounded L1 would serve all of these from memory (TokenCacheRedisTrafficTests): Redis was read, so L1 evicted.
        Assert.True(await CountCacheReadsAsync(server) - readsBefore > 0, "No token-cache read reached Redis: L1 held more than its bound.");
        foreach (var token in tokens)
        {
            Assert.Equal(1, await _system.Identity.GetOnBehalfOfCountAsync(token, Cancellation));
        }
    }

    private static async Task AssertMeIsAsync(HttpClient front, AccessToken token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Authorization = new("Bearer", token.Value);
        using var response = await front.SendAsync(request, Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(token.ObjectId, me.GetProperty("oid").GetString());
    }

    private static async Task<long> CountCacheReadsAsync(IServer server)
    {
        var sections = await server.InfoAsync("commandstats");
        return sections.SelectMany(section => section)
            .Where(entry => CacheReadCommands.Contains(entry.Key, StringComparer.OrdinalIgnoreCase))
            .Sum(entry => long.Parse(entry.Value.Split(',')[0].Split('=')[1], CultureInfo.InvariantCulture));
    }
}
