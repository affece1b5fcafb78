using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Microsoft.Identity.Web.TokenCacheProviders;
using Microsoft.Identity.Web.TokenCacheProviders.Distributed;

namespace FrontApi.TokenCache;

/// <summary>
/// The token cache's L2, Redis, through Microsoft.Identity.Web's own distributed adapter (its key layout, expirations,
/// and handling of a failing Redis), with the adapter's L1 and encryption turned off: <see cref="ResidentPartitionTokenCache"/>
/// is the L1 and encrypts what it stores here. Only the raw reads and writes are used.
/// </summary>
public sealed class RedisTokenCacheStore(
    IDistributedCache redis,
    MsalDistributedTokenCacheAdapterOptions options,
    ILogger<MsalDistributedTokenCacheAdapter> logger,
    IServiceProvider services)
    : MsalDistributedTokenCacheAdapter(redis, Options.Create(ForL2Only(options)), logger, services)
{
    public Task<byte[]?> ReadAsync(string key, TokenCacheNotificationArgs args) => ReadCacheBytesAsync(key, Hints(args));

    public Task WriteAsync(string key, byte[] bytes, TokenCacheNotificationArgs args) => WriteCacheBytesAsync(key, bytes, Hints(args));

    public Task RemoveAsync(string key, TokenCacheNotificationArgs args) => RemoveKeyAsync(key, Hints(args));

    public Task RemoveAsync(string key) => RemoveKeyAsync(key);

    private static CacheSerializerHints Hints(TokenCacheNotificationArgs args) => new()
    {
        CancellationToken = args.CancellationToken,
        SuggestedCacheExpiry = args.SuggestedCacheExpiry,
    };

    private static MsalDistributedTokenCacheAdapterOptions ForL2Only(MsalDistributedTokenCacheAdapterOptions options) => new()
    {
        DisableL1Cache = true,
        Encrypt = false, // ResidentPartitionTokenCache encrypts, with the same Data Protection purpose as Identity.Web
        AbsoluteExpiration = options.AbsoluteExpiration,
        AbsoluteExpirationRelativeToNow = options.AbsoluteExpirationRelativeToNow,
        SlidingExpiration = options.SlidingExpiration,
        OnL2CacheFailure = options.OnL2CacheFailure,
        EnableAsyncL2Write = options.EnableAsyncL2Write,
    };
}
