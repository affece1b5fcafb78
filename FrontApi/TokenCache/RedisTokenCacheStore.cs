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
/// <para>
/// Reads skip the adapter, which turns a failed read into "absent": <see cref="ReadAsync"/> reads the same key from the
/// same <see cref="IDistributedCache"/>, so that a failure can stay a failure where it must (below). It buys no speed
/// (docs/benchmarks.md, "What the hardening layer and the token cache buy"). For a request's partition it fails as the
/// adapter does: logged at Error, retried once if <see cref="MsalDistributedTokenCacheAdapterOptions.OnL2CacheFailure"/>
/// says so, then treated as absent.
/// </para>
/// <para>
/// Except for a long-running session's partition (<see cref="LongRunningSessionKey"/>): absent would end the session (MSAL
/// answers <c>OboCacheKeyNotInCacheError</c>), so a failed read or write of it throws <see cref="TokenCacheUnavailableException"/>,
/// a temporary failure, and it is written with the expiry its key states rather than none.
/// </para>
/// </summary>
public sealed partial class RedisTokenCacheStore : MsalDistributedTokenCacheAdapter
{
    private readonly IDistributedCache _redis;
    private readonly Func<Exception, bool>? _onFailure;
    private readonly ILogger _logger;

    /// <summary>A session written past the end its key states (a job running late) still keeps its tokens this long.</summary>
    private static readonly TimeSpan MinimumSessionLifetime = TimeSpan.FromMinutes(5);

    public RedisTokenCacheStore(
        IDistributedCache redis,
        MsalDistributedTokenCacheAdapterOptions options,
        ILogger<MsalDistributedTokenCacheAdapter> logger,
        IServiceProvider services)
        : base(redis, Options.Create(ForL2Only(options)), logger, services)
    {
        _redis = redis;
        _onFailure = options.OnL2CacheFailure;
        _logger = logger;
    }

    public async Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await _redis.GetAsync(key, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                var retry = _onFailure?.Invoke(exception) == true && attempt == 1; // asked on every failure, as the adapter does
                LogReadFailed(_logger, exception.GetType().Name, retry, exception);
                if (retry)
                {
                    continue;
                }

                return LongRunningSessionKey.Is(key)
                    ? throw new TokenCacheUnavailableException(unreadable: false, "The long-running session's tokens could not be read from Redis.", exception)
                    : null; // as absent: MSAL exchanges the token again, the request goes on
            }
        }
    }

    /// <summary>
    /// Whether Redis holds <paramref name="key"/>'s entry: for a long-running session MSAL reported absent, before its job
    /// believes it (DigestJobRunner). A Redis failure throws, as <see cref="ReadAsync"/> does for a session.
    /// </summary>
    public async Task<bool> HoldsAsync(string key, CancellationToken cancellationToken) =>
        await ReadAsync(key, cancellationToken) is not null;

    /// <summary>Writes through Identity.Web's adapter: its expiration rules (the token's, bounded by the configured ones).</summary>
    public Task WriteAsync(string key, byte[] bytes, DateTimeOffset? suggestedExpiry, CancellationToken cancellationToken) =>
        LongRunningSessionKey.TryParse(key, out var sessionEnd)
            ? WriteSessionAsync(key, bytes, suggestedExpiry is { } expiry && expiry < sessionEnd ? expiry : sessionEnd, cancellationToken)
            : WriteCacheBytesAsync(key, bytes, new CacheSerializerHints { SuggestedCacheExpiry = suggestedExpiry, CancellationToken = cancellationToken });

    /// <summary>
    /// A long-running session's partition: with an expiry (MSAL suggests none for a refresh token), and a failure thrown,
    /// not only logged as the adapter does: a session that did not reach Redis would be lost to every other replica.
    /// </summary>
    private async Task WriteSessionAsync(string key, byte[] bytes, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var entry = new DistributedCacheEntryOptions
        {
            AbsoluteExpiration = expiresAt > DateTimeOffset.UtcNow + MinimumSessionLifetime ? expiresAt : DateTimeOffset.UtcNow + MinimumSessionLifetime,
        };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _redis.SetAsync(key, bytes, entry, cancellationToken);
                return;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                var retry = _onFailure?.Invoke(exception) == true && attempt == 1;
                LogSessionWriteFailed(_logger, exception.GetType().Name, retry, exception);
                if (!retry)
                {
                    throw new TokenCacheUnavailableException(unreadable: false, "The long-running session's tokens could not be written to Redis.", exception);
                }
            }
        }
    }

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

    [LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Error, Message = "Could not read the token cache from Redis ({ExceptionType}); retrying: {Retrying}. The request goes on without it")]
    private static partial void LogReadFailed(ILogger logger, string exceptionType, bool retrying, Exception exception);

    [LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Error, Message = "Could not write a long-running session's tokens to Redis ({ExceptionType}); retrying: {Retrying}")]
    private static partial void LogSessionWriteFailed(ILogger logger, string exceptionType, bool retrying, Exception exception);
}
