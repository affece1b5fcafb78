using System.Collections.Concurrent;
using System.Security.Cryptography;
using EntraEmulator.Options;
using EntraEmulator.Protocol;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace EntraEmulator.Tokens;

/// <summary>What a refresh token stands for: a client acting for a user (Entra RTs are multi-resource).</summary>
/// <param name="Spa">Issued through a SPA redirect URI: redeemable cross-origin only, and its 24 hours carry over.</param>
public sealed record RefreshGrant(string ClientId, UserIdentity User, string Scope, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, bool Spa = false);

/// <summary>
/// Refresh tokens are opaque random handles kept in memory (as Entra's are opaque to clients); a restart forgets them,
/// which clients handle like a revoked token. Redeeming one issues a fresh handle; the old one stays valid until it
/// expires, as with Entra, so clients sharing a cache never lose a race.
/// <para>
/// Bounded: an expired handle is kept one more lifetime (so its use is reported as expired, AADSTS700082, rather than
/// unknown), then forgotten; and the store holds at most <see cref="EntraEmulatorOptions.MaxRefreshTokens"/>. Past that,
/// issuing forgets the handle closest to being forgotten anyway (expired ones first, then the one expiring soonest), whose
/// redemption then gets <c>invalid_grant</c> AADSTS70000 — the refusal Entra gives a refresh token it no longer honours,
/// which a client must expect at any time ("Refresh tokens can be revoked at any time", docs/entra-fidelity.md RT).
/// Handles sit in a queue ordered by when they are forgotten, and each leaves it once: issuing costs O(log n), never a scan.
/// </para>
/// </summary>
public sealed class RefreshTokenStore(IOptions<EntraEmulatorOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, RefreshGrant> _grants = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> _byForgetTime = new(); // guarded by _lock; readers use _grants only
    private readonly Lock _lock = new();
    private readonly TimeSpan _lifetime = options.Value.RefreshTokenLifetime;
    private readonly TimeSpan _spaLifetime = options.Value.SpaRefreshTokenLifetime;
    private readonly int _maxCount = options.Value.MaxRefreshTokens;

    public TimeSpan Lifetime => _lifetime;

    /// <summary>Handles held now (expired ones still reported as expired included).</summary>
    public int Count => _grants.Count;

    public TimeSpan LifetimeFor(bool spa) => spa ? _spaLifetime : _lifetime;

    /// <param name="spa">A SPA's refresh token: 24 hours, and one redeemed from it keeps <paramref name="spaExpiry"/>.</param>
    public string Issue(string clientId, UserIdentity user, string scope, bool spa = false, DateTimeOffset? spaExpiry = null)
    {
        var now = time.GetUtcNow();
        var handle = "1.AX" + Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(48));
        var expiresAt = spa ? spaExpiry ?? now + _spaLifetime : now + _lifetime;
        var grant = new RefreshGrant(clientId, user, scope, now, expiresAt, spa);

        lock (_lock)
        {
            while (_byForgetTime.TryPeek(out var oldest, out var forgetAt) && (forgetAt <= now || _byForgetTime.Count >= _maxCount))
            {
                _byForgetTime.Dequeue();
                _grants.TryRemove(oldest, out _);
            }

            _grants[handle] = grant;
            _byForgetTime.Enqueue(handle, expiresAt + LifetimeFor(spa));
        }

        return handle;
    }

    public RefreshGrant? Find(string handle) => _grants.GetValueOrDefault(handle);
}
