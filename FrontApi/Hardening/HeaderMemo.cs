using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Abstractions;

namespace FrontApi.Hardening;

/// <summary>
/// For each caller's token and scope set, the Authorization header Microsoft.Identity.Web last returned, kept only as long
/// as MSAL itself would serve that token from its cache: until <see cref="TokenAcquisitionMetadata.RefreshOn"/> or 5
/// minutes before it expires (MSAL's expiration buffer), whichever comes first. A hit costs a SHA-256 of the incoming token
/// and a dictionary lookup, where MSAL's request pipeline builds a request, parses the authority and filters its cache
/// (docs/benchmarks.md, "Header memo").
/// <para>
/// Nothing here decides freshness that MSAL would decide differently: entries are only ever what MSAL returned, a forced
/// refresh (a downstream API refused the token) replaces the entry, claims and long-running sessions never reach it, and
/// <see cref="Clear"/> runs whenever the token cache is emptied. Bounded (<see cref="HardeningOptions.MaxHeaders"/>,
/// least recently used evicted first).
/// </para>
/// </summary>
public sealed class HeaderMemo : IDisposable
{
    /// <summary>MSAL treats an access token expiring within 5 minutes as expired (its <c>AccessTokenExpirationBuffer</c>).</summary>
    public static readonly TimeSpan ExpirationBuffer = TimeSpan.FromMinutes(5);

    private readonly MemoryCache _headers;
    private readonly TimeProvider _time;
    private readonly bool _enabled;

    public HeaderMemo(IOptions<HardeningOptions> options, TimeProvider time)
    {
        _time = time;
        _enabled = options.Value.HeaderMemo;
        _headers = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.MaxHeaders, CompactionPercentage = 0.1 });
    }

    /// <summary>Headers held now (tests and diagnostics).</summary>
    public int Count => _headers.Count;

    /// <summary>The header for this key if MSAL would still serve it from its cache.</summary>
    public AuthorizationHeaderInformation? TryGet(in TokenRequestKey key)
    {
        if (!_enabled || !_headers.TryGetValue(key, out Entry? entry))
        {
            return null;
        }

        if (entry!.ServeUntil > _time.GetUtcNow())
        {
            return entry.Header;
        }

        _headers.Remove(key); // MSAL serves the next one, which is remembered again
        return null;
    }

    /// <summary>Remembers what Identity.Web returned for this key (replacing any earlier header).</summary>
    public void Remember(in TokenRequestKey key, AuthorizationHeaderInformation header)
    {
        if (!_enabled || header.Metadata?.ExpiresOn is not { } expiresOn)
        {
            return;
        }

        var serveUntil = expiresOn - ExpirationBuffer;
        if (header.Metadata.RefreshOn is { } refreshOn && refreshOn < serveUntil)
        {
            serveUntil = refreshOn;
        }

        if (serveUntil <= _time.GetUtcNow())
        {
            _headers.Remove(key);
            return;
        }

        // Expiry is checked against TimeProvider on each read (MemoryCache's own expiration uses the system clock).
        _headers.Set(key, new Entry(header, serveUntil), new MemoryCacheEntryOptions { Size = 1 });
    }

    /// <summary>Forgets the header for this key (a downstream API refused it).</summary>
    public void Forget(in TokenRequestKey key) => _headers.Remove(key);

    public void Clear() => _headers.Clear();

    public void Dispose() => _headers.Dispose();

    private sealed record Entry(AuthorizationHeaderInformation Header, DateTimeOffset ServeUntil);
}
