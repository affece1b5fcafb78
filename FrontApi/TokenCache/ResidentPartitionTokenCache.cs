using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.Cache;
using Microsoft.Identity.Web.TokenCacheProviders;
using Microsoft.Identity.Web.TokenCacheProviders.Distributed;

namespace FrontApi.TokenCache;

/// <summary>
/// MSAL's token cache with an L1 that keeps each partition (one per incoming user token) deserialized, inside MSAL's
/// own in-memory cache, and Redis as the encrypted L2 shared by the replicas.
/// <para>
/// Microsoft.Identity.Web's adapter reloads the partition on every access: it clears MSAL's in-memory cache, decrypts the
/// partition and deserializes it, all under MSAL's cache lock (docs/benchmarks.md measures it at most of a cache hit).
/// MSAL's in-memory cache is itself partitioned by the same key, so a partition loaded once can stay: on a hit this
/// provider does nothing at all and MSAL reads its own memory. A partition not in memory comes from Redis (decrypted,
/// deserialized, added beside the others). A write must send Redis that partition alone, and MSAL serializes its whole
/// in-memory cache, so before a write (<c>BeforeWrite</c>: a token-endpoint answer, rare) the in-memory cache is
/// reset to that one partition; the others come back from the plain copies this L1 keeps, without Redis or decryption.
/// </para>
/// <para>
/// Bounded by <see cref="TokenCacheL1Options.MaxPartitions"/>: the plain copies are a size-limited <see cref="MemoryCache"/>
/// (least recently used evicted first); MSAL's in-memory cache is reset when it holds more partitions than the limit.
/// A token written by another replica reaches this one through Redis when its L1 does not have the partition, exactly as
/// with Identity.Web's L1; MSAL itself refreshes expired tokens and answers claims challenges, which are writes.
/// </para>
/// <para>
/// MSAL looks a partition up after <c>BeforeAccess</c> has returned, outside its cache lock, so a write landing in between
/// (which leaves only its own partition in memory) hides the partition just loaded. Identity.Web's adapter, which reloads
/// on every access, has the same window. A request then exchanges again; a long-running session is asked for again
/// (<c>DigestJobRunner</c> checks Redis before it believes "not in the cache"; <c>SessionLookupRaceTests</c>).
/// </para>
/// </summary>
public sealed partial class ResidentPartitionTokenCache : IMsalTokenCacheProvider, IDisposable
{
    private const string DataProtectionPurpose = "msal_cache"; // Identity.Web's: Redis entries stay readable both ways

    private readonly RedisTokenCacheStore _l2;
    private readonly IDataProtector? _protector;
    private readonly bool _l1Disabled;
    private readonly int _maxPartitions;
    private readonly MemoryCache _plainCopies;
    private readonly UnreadableEntries _unreadable;
    private readonly ConditionalWeakTable<ITokenCacheSerializer, LoadedPartitions> _loaded = [];
    private readonly ILogger<ResidentPartitionTokenCache> _logger;

    // Development with the AppHost's admin key only (TokenCacheClearingEndpoint): the partition keys (hashes, never
    // tokens) this replica has read or written, so that ClearAsync can remove them from Redis too.
    private readonly ConcurrentDictionary<string, byte>? _seenKeys;
    private int _generation;

    public ResidentPartitionTokenCache(
        RedisTokenCacheStore l2,
        IOptions<MsalDistributedTokenCacheAdapterOptions> adapterOptions,
        IOptions<TokenCacheL1Options> l1Options,
        UnreadableEntries unreadable,
        IDataProtectionProvider dataProtection,
        IHostEnvironment environment,
        IConfiguration configuration,
        ILogger<ResidentPartitionTokenCache> logger)
    {
        _seenKeys = TokenCacheClearingEndpoint.IsEnabled(environment, configuration) ? new(StringComparer.Ordinal) : null;
        _l2 = l2;
        _unreadable = unreadable;
        _logger = logger;
        _protector = adapterOptions.Value.Encrypt ? dataProtection.CreateProtector(DataProtectionPurpose) : null;
        _l1Disabled = adapterOptions.Value.DisableL1Cache;
        _maxPartitions = l1Options.Value.MaxPartitions;
        _plainCopies = new MemoryCache(new MemoryCacheOptions { SizeLimit = _maxPartitions, CompactionPercentage = 0.1 });
    }

    /// <summary>Partitions whose plain copy L1 holds now (for the benchmark's memory figures and the dashboard).</summary>
    public int Count => _plainCopies.Count;

    public void Initialize(ITokenCache tokenCache)
    {
        tokenCache.SetBeforeAccessAsync(OnBeforeAccessAsync);
        tokenCache.SetBeforeWriteAsync(OnBeforeWriteAsync);
        tokenCache.SetAfterAccessAsync(OnAfterAccessAsync);
    }

    public Task InitializeAsync(ITokenCache tokenCache)
    {
        Initialize(tokenCache);
        return Task.CompletedTask;
    }

    /// <summary>Raised when L1 is emptied, for whatever keeps copies of what MSAL returned (FrontApi's header memo).</summary>
    public event Action? Cleared;

    /// <summary>
    /// Empties L1 (every MSAL in-memory cache is reset at its next access; <see cref="Cleared"/> is raised). Redis, the L2,
    /// is left as it is.
    /// </summary>
    public void ClearL1()
    {
        _plainCopies.Clear();
        Interlocked.Increment(ref _generation);
        Cleared?.Invoke();
    }

    /// <summary>
    /// Development only (<see cref="TokenCacheClearingEndpoint"/>): removes every partition this replica has seen from Redis,
    /// then empties L1. Returns how many Redis entries were removed.
    /// </summary>
    public async Task<int> ClearAsync()
    {
        var keys = _seenKeys?.Keys.ToList() ?? [];
        foreach (var key in keys)
        {
            await _l2.RemoveAsync(key);
            _seenKeys!.TryRemove(key, out _);
        }

        ClearL1();
        return keys.Count;
    }

    /// <summary>Removes one partition from both levels (<see cref="IMsalTokenCacheProvider"/>).</summary>
    public Task ClearAsync(string homeAccountId)
    {
        _plainCopies.Remove(homeAccountId);
        Interlocked.Increment(ref _generation);
        return _l2.RemoveAsync(homeAccountId);
    }

    public void Dispose() => _plainCopies.Dispose();

    // MSAL calls the three callbacks below under its cache lock, one access at a time per token cache.
    private async Task OnBeforeAccessAsync(TokenCacheNotificationArgs args)
    {
        var key = args.SuggestedCacheKey;
        if (string.IsNullOrEmpty(key))
        {
            return;
        }

        if (_l1Disabled)
        {
            args.TokenCache.DeserializeMsalV3(await ReadL2Async(key, args), shouldClearExistingCache: true);
            return;
        }

        var loaded = LoadedIn(args.TokenCache);
        loaded.AbsentKey = null;
        if (loaded.Partitions.ContainsKey(key) && _plainCopies.TryGetValue(key, out _))
        {
            args.TelemetryData?.CacheLevel = CacheLevel.L1Cache; // the hit: nothing to read, decrypt or deserialize
            return;
        }

        var plain = _plainCopies.Get<byte[]>(key);
        if (plain is not null)
        {
            args.TelemetryData?.CacheLevel = CacheLevel.L1Cache;
        }
        else
        {
            plain = await ReadL2Async(key, args);
            if (plain is null)
            {
                loaded.AbsentKey = key; // a new partition: MSAL goes to the token endpoint, then writes
                return;
            }

            KeepPlainCopy(key, plain, expiry: null);
        }

        var reset = loaded.Partitions.Count >= _maxPartitions;
        args.TokenCache.DeserializeMsalV3(plain, shouldClearExistingCache: reset);
        if (reset)
        {
            loaded.Partitions.Clear();
        }

        loaded.Partitions[key] = 0;
    }

    private async Task OnBeforeWriteAsync(TokenCacheNotificationArgs args)
    {
        var key = args.SuggestedCacheKey;
        if (string.IsNullOrEmpty(key) || _l1Disabled)
        {
            return; // with L1 disabled, OnBeforeAccessAsync already left only this partition in memory
        }

        // MSAL will serialize its whole in-memory cache for Redis: leave only this partition in it.
        // The write's own BeforeAccess has just looked for the partition: its plain copy, or Redis said it is absent.
        var loaded = LoadedIn(args.TokenCache);
        var plain = _plainCopies.Get<byte[]>(key) ?? (loaded.AbsentKey == key ? null : await ReadL2Async(key, args));
        args.TokenCache.DeserializeMsalV3(plain, shouldClearExistingCache: true);
        loaded.Partitions.Clear();
        loaded.AbsentKey = null;
    }

    private async Task OnAfterAccessAsync(TokenCacheNotificationArgs args)
    {
        var key = args.SuggestedCacheKey;
        if (!args.HasStateChanged || string.IsNullOrEmpty(key))
        {
            return;
        }

        if (!args.HasTokens)
        {
            _plainCopies.Remove(key);
            LoadedIn(args.TokenCache).Partitions.TryRemove(key, out _);
            await _l2.RemoveAsync(key, args);
            return;
        }

        var plain = args.TokenCache.SerializeMsalV3();
        _seenKeys?.TryAdd(key, 0);
        await _l2.WriteAsync(key, _protector?.Protect(plain) ?? plain, args.SuggestedCacheExpiry, args.CancellationToken);
        if (!_l1Disabled)
        {
            // Reloaded from its own bytes, the partition stays in memory exactly as any replica loads it from Redis: MSAL's
            // freshly written items can differ (a response without client_info leaves a null home account id, on which
            // MSAL's in-memory lookup of the ID token throws; deserialized, it is empty).
            args.TokenCache.DeserializeMsalV3(plain, shouldClearExistingCache: true);
            KeepPlainCopy(key, plain, args.SuggestedCacheExpiry);
            var loaded = LoadedIn(args.TokenCache);
            loaded.Partitions.Clear();
            loaded.Partitions[key] = 0;
        }
    }

    private async Task<byte[]?> ReadL2Async(string key, TokenCacheNotificationArgs args)
    {
        _seenKeys?.TryAdd(key, 0);
        var stored = await _l2.ReadAsync(key, args.CancellationToken);
        if (stored is not null)
        {
            args.TelemetryData?.CacheLevel = CacheLevel.L2Cache;
        }

        if (stored is null || _protector is null)
        {
            return stored;
        }

        try
        {
            return _protector.Unprotect(stored);
        }
        catch (CryptographicException exception)
        {
            // Unreadable (e.g. written with a key this replica does not have): MSAL exchanges again, and it shows.
            _unreadable.Record();
            LogUnreadableEntry(exception.GetType().Name, _unreadable.Count);
            // A request's partition is exchanged again; a long-running session cannot be (its user is gone), and the entry
            // may become readable (the key ring reloaded): a temporary failure, never "absent" (RedisTokenCacheStore).
            return LongRunningSessionKey.Is(key)
                ? throw new TokenCacheUnavailableException(unreadable: true, "The long-running session's tokens in Redis could not be decrypted.", exception)
                : null;
        }
    }

    private void KeepPlainCopy(string key, byte[] plain, DateTimeOffset? expiry) =>
        _plainCopies.Set(key, plain, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = expiry });

    /// <summary>The partitions deserialized in one MSAL token cache; reset when <see cref="ClearL1"/> was called since.</summary>
    private LoadedPartitions LoadedIn(ITokenCacheSerializer tokenCache)
    {
        var loaded = _loaded.GetValue(tokenCache, _ => new LoadedPartitions());
        var generation = Volatile.Read(ref _generation);
        if (loaded.Generation != generation)
        {
            tokenCache.DeserializeMsalV3(null, shouldClearExistingCache: true);
            loaded.Partitions.Clear();
            loaded.Generation = generation;
        }

        return loaded;
    }

    private sealed class LoadedPartitions
    {
        public ConcurrentDictionary<string, byte> Partitions { get; } = new(StringComparer.Ordinal);

        public int Generation { get; set; }

        /// <summary>The partition Redis last answered "absent" for, so that the write which follows does not ask again.</summary>
        public string? AbsentKey { get; set; }
    }

    [LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Error, Message = "A token-cache entry in Redis could not be decrypted ({ExceptionType}; {Count} since start): the token is exchanged again. Do all replicas share one Data Protection key ring?")]
    private partial void LogUnreadableEntry(string exceptionType, long count);
}
