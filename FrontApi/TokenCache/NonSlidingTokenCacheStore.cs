using Microsoft.Extensions.Caching.Distributed;

namespace FrontApi.TokenCache;

/// <summary>
/// Redis as the token cache's L2 sees it. On every L1 (memory) hit Microsoft.Identity.Web calls
/// <see cref="IDistributedCache.RefreshAsync"/> to slide the entry's expiration in Redis: a network round trip per
/// request that costs more than the rest of the hit together (docs/benchmarks.md). Our entries are written without a
/// sliding expiration, so that refresh has nothing to do and is skipped; everything else goes to Redis unchanged.
/// Use only for entries without a sliding expiration (see <c>TokenCacheExtensions</c>).
/// </summary>
public sealed class NonSlidingTokenCacheStore(IDistributedCache redis) : IDistributedCache
{
    public byte[]? Get(string key) => redis.Get(key);

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => redis.GetAsync(key, token);

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => redis.Set(key, value, options);

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        redis.SetAsync(key, value, options, token);

    public void Refresh(string key)
    {
        // No sliding expiration to extend.
    }

    public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;

    public void Remove(string key) => redis.Remove(key);

    public Task RemoveAsync(string key, CancellationToken token = default) => redis.RemoveAsync(key, token);
}
