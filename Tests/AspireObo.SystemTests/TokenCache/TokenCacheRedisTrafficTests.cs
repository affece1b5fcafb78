using System.Globalization;
using System.Net;
using StackExchange.Redis;

namespace AspireObo.SystemTests.TokenCache;

/// <summary>
/// A token served from FrontApi's L1 (memory) cache costs no Redis round trip: Identity.Web would slide the entry's
/// expiration in Redis on every L1 hit, which FrontApi skips because its entries have no sliding expiration.
/// </summary>
[Collection(SharedSystem.CollectionName)]
public sealed class TokenCacheRedisTrafficTests(SharedSystem shared)
{
    private const int CachedCalls = 10;

    // Reads and refreshes of the Redis cache entries (Microsoft.Extensions.Caching.StackExchangeRedis hashes).
    private static readonly string[] CacheReadCommands = ["cmdstat_hmget", "cmdstat_hget", "cmdstat_hgetall", "cmdstat_expire", "cmdstat_pexpire"];

    private readonly RunningSystem _system = shared.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Calls_served_from_the_L1_token_cache_send_no_cache_command_to_Redis()
    {
        var token = await _system.Identity.GetUserTokenAsync(DevUser.Bob, Cancellation);
        var replicas = _system.CreateFrontReplicaClients(token);
        var replica = replicas[0];
        using (var first = await replica.GetAsync("/api/me", Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode); // exchanged, cached in L1 and Redis
        }

        var redisOptions = ConfigurationOptions.Parse(await _system.App.GetConnectionStringAsync("cache", Cancellation)
            ?? throw new InvalidOperationException("The cache resource has no connection string."));
        redisOptions.AllowAdmin = true; // INFO commandstats
        await using var redis = await ConnectionMultiplexer.ConnectAsync(redisOptions);
        var server = redis.GetServer(redis.GetEndPoints()[0]);

        var before = await CountCacheReadsAsync(server);
        for (var i = 0; i < CachedCalls; i++)
        {
            using var response = await replica.GetAsync("/api/me", Cancellation);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(0, await CountCacheReadsAsync(server) - before);
        Assert.Equal(1, await _system.Identity.GetOnBehalfOfCountAsync(token, Cancellation));
        foreach (var client in replicas)
        {
            client.Dispose();
        }
    }

    private static async Task<long> CountCacheReadsAsync(IServer server)
    {
        var sections = await server.InfoAsync("commandstats");
        return sections.SelectMany(section => section)
            .Where(entry => CacheReadCommands.Contains(entry.Key, StringComparer.OrdinalIgnoreCase))
            .Sum(entry => long.Parse(entry.Value.Split(',')[0].Split('=')[1], CultureInfo.InvariantCulture));
    }
}
