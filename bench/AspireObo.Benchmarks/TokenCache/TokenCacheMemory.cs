using System.Globalization;
using FrontApi.TokenCache;
using StackExchange.Redis;

namespace AspireObo.Benchmarks.TokenCache;

/// <summary>
/// Memory per cached OBO token: in L1 (<see cref="ResidentPartitionTokenCache"/>: the partition deserialized in MSAL's
/// memory plus its plain copy), measured as the managed heap given back when L1 is emptied; and in Redis (L2), as
/// Redis's own <c>MEMORY USAGE</c> of an entry and the length of its encrypted value.
/// </summary>
public static class TokenCacheMemory
{
    private const string TokenCacheKeyPattern = "AspireObo:FrontApi:TokenCache:*";
    private const int RedisSample = 200;

    public sealed record Figures(int CachedTokens, double L1BytesPerToken, double RedisBytesPerEntry, double EncryptedValueBytes)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"Memory per cached token: L1 {L1BytesPerToken / 1024:0.0} KB (managed heap freed by emptying L1 holding {CachedTokens:N0} partitions); " +
            $"Redis {RedisBytesPerEntry / 1024:0.0} KB per entry (MEMORY USAGE, mean of {RedisSample}), of which the encrypted value is {EncryptedValueBytes / 1024:0.0} KB");
    }

    /// <summary>Run last: it empties the L1 of <paramref name="fixture"/>'s main stack.</summary>
    public static async Task<Figures> MeasureAsync(TokenCacheFixture fixture, string redisConnectionString, int cached, CancellationToken cancellationToken)
    {
        var before = HeapAfterFullCollection();
        fixture.WithL1.L1.ClearL1();
        await fixture.HitAsync(fixture.WithL1, cancellationToken); // MSAL's in-memory cache is reset at its next access
        var after = HeapAfterFullCollection();
        var l1PerToken = (before - after) / (double)(cached - 1);

        var redisOptions = ConfigurationOptions.Parse(redisConnectionString);
        redisOptions.AllowAdmin = true;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(redisOptions);
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var database = redis.GetDatabase();
        var usage = new List<long>();
        var values = new List<long>();
        await foreach (var key in server.KeysAsync(pattern: TokenCacheKeyPattern, pageSize: 500))
        {
            usage.Add((long)await database.ExecuteAsync("MEMORY", "USAGE", key));
            values.Add(await database.HashStringLengthAsync(key, "data"));
            if (usage.Count == RedisSample)
            {
                break;
            }
        }

        return new Figures(cached, l1PerToken, usage.Average(), values.Average());
    }

    private static long HeapAfterFullCollection()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
