using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace AspireObo.SystemTests.Security;

/// <summary>
/// What an attacker with a copy of Redis would see after real traffic: token-cache entries exist, but no value holds a
/// readable token (MSAL's L2 cache is encrypted with Data Protection) and no key is, or contains, a token.
/// </summary>
[Collection(SharedSystem.CollectionName)]
public sealed partial class CacheAtRestTests(SharedSystem shared)
{
    private const string TokenCacheKeyPrefix = "AspireObo:FrontApi:TokenCache:";

    private readonly RunningSystem _system = shared.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Redis_holds_no_readable_token_in_any_key_or_value()
    {
        var sent = new List<AccessToken>();
        foreach (var user in new[] { DevUser.Alice, DevUser.Bob })
        {
            var token = await _system.Identity.GetUserTokenAsync(user, Cancellation);
            sent.Add(token);
            using var client = _system.CreateFrontClient(token);
            using var me = await client.GetAsync("/api/me", Cancellation);                 // OBO for Todo.Read
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            using var created = await client.PostAsync("/api/todos",                     // OBO for Todo.ReadWrite
                new StringContent("""{"title":"at rest"}""", Encoding.UTF8, "application/json"), Cancellation);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await using var redis = await ConnectionMultiplexer.ConnectAsync(
            await _system.App.GetConnectionStringAsync("cache", Cancellation) ?? throw new InvalidOperationException("No cache connection string."));
        var entries = await ReadEverythingAsync(redis);

        Assert.Contains(entries, entry => entry.Key.StartsWith(TokenCacheKeyPrefix, StringComparison.Ordinal));
        foreach (var (key, values) in entries)
        {
            Assert.False(JwtPattern().IsMatch(key), $"Key '{key}' contains a JWT.");
            foreach (var value in values)
            {
                var text = Encoding.Latin1.GetString(value);
                Assert.False(JwtPattern().IsMatch(text), $"A value of '{key}' holds a readable JWT.");
                foreach (var token in sent)
                {
                    Assert.DoesNotContain(token.Value.Split('.')[2], text, StringComparison.Ordinal);
                    Assert.DoesNotContain(token.Value.Split('.')[2], key, StringComparison.Ordinal);
                }
            }
        }
    }

    /// <summary>Every key (SCAN) with the raw bytes of every value it holds, whatever its Redis type.</summary>
    private static async Task<List<(string Key, List<byte[]> Values)>> ReadEverythingAsync(ConnectionMultiplexer redis)
    {
        var database = redis.GetDatabase();
        var result = new List<(string, List<byte[]>)>();
        foreach (var server in redis.GetServers())
        {
            await foreach (var key in server.KeysAsync(pattern: "*", pageSize: 500))
            {
                var values = await database.KeyTypeAsync(key) switch
                {
                    RedisType.String => [await database.StringGetAsync(key)],
                    RedisType.Hash => (await database.HashGetAllAsync(key)).SelectMany(entry => new[] { entry.Name, entry.Value }).ToArray(),
                    RedisType.List => await database.ListRangeAsync(key),
                    RedisType.Set => await database.SetMembersAsync(key),
                    RedisType.SortedSet => await database.SortedSetRangeByRankAsync(key),
                    _ => Array.Empty<RedisValue>(),
                };
                result.Add((key.ToString(), values.Where(value => value.HasValue).Select(value => (byte[])value!).ToList()));
            }
        }

        return result;
    }

    /// <summary>Header and payload of a JWT: base64url of <c>{"</c> twice, separated by a dot.</summary>
    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}")]
    private static partial Regex JwtPattern();
}
