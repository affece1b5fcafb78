using System.Buffers;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace FrontApi.TokenCache;

/// <summary>
/// The front of L1: for each incoming user token and scope set, the Authorization header MSAL last returned, kept
/// only as long as MSAL itself would serve that token from its cache — until <see cref="AuthenticationResultMetadata.RefreshOn"/>
/// or until 5 minutes before it expires (MSAL's expiration buffer), whichever comes first. After that the next call goes to
/// MSAL, which refreshes. A hit costs a SHA-256 of the incoming token and a dictionary lookup; MSAL's own request pipeline
/// (request parameters, authority parsing, cache filtering, an <see cref="AuthenticationResult"/>) allocated ~30 KB per
/// hit (docs/benchmarks.md).
/// <para>
/// Nothing here decides freshness that MSAL would decide differently: entries are only ever what MSAL returned, a forced
/// refresh (DownstreamApi refused the token) replaces the entry, claims challenges never reach this cache (they go to the
/// caller), and emptying L1 (<see cref="ResidentPartitionTokenCache.ClearL1"/>) empties it too. Keys are SHA-256 hashes,
/// never tokens. Bounded like the rest of L1 (<see cref="TokenCacheL1Options.MaxPartitions"/> entries, least recently used
/// evicted first).
/// </para>
/// </summary>
public sealed class AuthorizationHeaderCache : IDisposable
{
    /// <summary>MSAL treats an access token expiring within 5 minutes as expired (its <c>AccessTokenExpirationBuffer</c>).</summary>
    public static readonly TimeSpan ExpirationBuffer = TimeSpan.FromMinutes(5);

    private const int StackHashLimit = 8 * 1024;

    private readonly MemoryCache _headers;
    private readonly TimeProvider _time;

    public AuthorizationHeaderCache(IOptions<TokenCacheL1Options> options, TimeProvider time)
    {
        _time = time;
        _headers = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.MaxPartitions, CompactionPercentage = 0.1 });
    }

    /// <summary>Benchmark-only (<see cref="TokenCacheBypassExtensions"/>): nothing is remembered, every call goes to MSAL.</summary>
    public bool Bypassed { get; init; }

    /// <summary>Headers held now (tests and diagnostics).</summary>
    public int Count => _headers.Count;

    /// <summary>The header for this caller's token and scopes if MSAL would still serve it from its cache.</summary>
    public AuthenticationHeaderValue? TryGet(ReadOnlySpan<char> incomingToken, string[] scopes)
    {
        if (Bypassed)
        {
            return null;
        }

        var key = Key.Of(incomingToken, scopes);
        if (!_headers.TryGetValue(key, out Entry? entry))
        {
            return null;
        }

        if (entry!.ServeUntil > _time.GetUtcNow())
        {
            return entry.Header;
        }

        _headers.Remove(key); // MSAL serves the next one, and the provider remembers it again
        return null;
    }

    /// <summary>Remembers what MSAL returned for this caller's token and scopes (replacing any earlier header).</summary>
    public void Remember(ReadOnlySpan<char> incomingToken, string[] scopes, AuthenticationHeaderValue header, AuthenticationResult result)
    {
        if (Bypassed)
        {
            return;
        }

        var serveUntil = result.ExpiresOn - ExpirationBuffer;
        if (result.AuthenticationResultMetadata?.RefreshOn is { } refreshOn && refreshOn < serveUntil)
        {
            serveUntil = refreshOn;
        }

        var key = Key.Of(incomingToken, scopes);
        if (serveUntil <= _time.GetUtcNow())
        {
            _headers.Remove(key);
            return;
        }

        // Expiry is checked against TimeProvider on each read (MemoryCache's own expiration uses the system clock).
        _headers.Set(key, new Entry(header, serveUntil), new MemoryCacheEntryOptions { Size = 1 });
    }

    /// <summary>Forgets the header for this caller's token and scopes (DownstreamApi refused it).</summary>
    public void Forget(ReadOnlySpan<char> incomingToken, string[] scopes) => _headers.Remove(Key.Of(incomingToken, scopes));

    public void Clear() => _headers.Clear();

    public void Dispose() => _headers.Dispose();

    private sealed record Entry(AuthenticationHeaderValue Header, DateTimeOffset ServeUntil);

    /// <summary>SHA-256 of the incoming token, and the scopes as asked (another order is only another entry).</summary>
    private readonly record struct Key(UInt128 Low, UInt128 High, string Scopes)
    {
        public static Key Of(ReadOnlySpan<char> incomingToken, string[] scopes)
        {
            // Exact size (a token is ASCII, ~1.5 KB): a fixed 8 KB buffer would be zeroed on every hit.
            var length = Encoding.UTF8.GetByteCount(incomingToken);
            byte[]? rented = length > StackHashLimit ? ArrayPool<byte>.Shared.Rent(length) : null;
            try
            {
                Span<byte> utf8 = rented ?? stackalloc byte[length];
                var written = Encoding.UTF8.GetBytes(incomingToken, utf8);
                Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
                SHA256.HashData(utf8[..written], hash);
                return new Key(
                    BitConverter.ToUInt128(hash[..16]),
                    BitConverter.ToUInt128(hash[16..]),
                    scopes.Length == 1 ? scopes[0] : string.Join(' ', scopes));
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }
    }
}
