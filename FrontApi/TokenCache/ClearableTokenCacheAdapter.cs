using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web.TokenCacheProviders;
using Microsoft.Identity.Web.TokenCacheProviders.Distributed;

namespace FrontApi.TokenCache;

/// <summary>
/// Development only: Identity.Web's L1 + L2 token cache, which also remembers the cache keys this replica has read or
/// written, so that <see cref="ClearAsync()"/> can remove every one of them from both levels (Identity.Web's own
/// <c>RemoveKeyAsync</c> does both). The keys are MSAL's partition keys (hashes), never tokens.
/// </summary>
public sealed class ClearableTokenCacheAdapter(
    IDistributedCache l2,
    IOptions<MsalDistributedTokenCacheAdapterOptions> options,
    ILogger<MsalDistributedTokenCacheAdapter> logger,
    IServiceProvider services)
    : MsalDistributedTokenCacheAdapter(l2, options, logger, services)
{
    private readonly ConcurrentDictionary<string, byte> _keys = new();

    /// <summary>Removes every entry this replica has seen, from L1 (memory) and L2 (Redis). Returns how many.</summary>
    public async Task<int> ClearAsync()
    {
        var keys = _keys.Keys.ToList();
        foreach (var key in keys)
        {
            await RemoveKeyAsync(key, new CacheSerializerHints());
        }

        return keys.Count;
    }

    protected override Task<byte[]?> ReadCacheBytesAsync(string cacheKey, CacheSerializerHints cacheSerializerHints)
    {
        _keys.TryAdd(cacheKey, 0);
        return base.ReadCacheBytesAsync(cacheKey, cacheSerializerHints);
    }

    protected override Task WriteCacheBytesAsync(string cacheKey, byte[] bytes, CacheSerializerHints? cacheSerializerHints)
    {
        _keys.TryAdd(cacheKey, 0);
        return base.WriteCacheBytesAsync(cacheKey, bytes, cacheSerializerHints);
    }

    protected override Task RemoveKeyAsync(string cacheKey, CacheSerializerHints cacheSerializerHints)
    {
        _keys.TryRemove(cacheKey, out _);
        return base.RemoveKeyAsync(cacheKey, cacheSerializerHints);
    }
}
