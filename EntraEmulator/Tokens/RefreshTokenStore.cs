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
/// </summary>
public sealed class RefreshTokenStore(IOptions<EntraEmulatorOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, RefreshGrant> _grants = new(StringComparer.Ordinal);
    private readonly TimeSpan _lifetime = options.Value.RefreshTokenLifetime;
    private readonly TimeSpan _spaLifetime = options.Value.SpaRefreshTokenLifetime;

    public TimeSpan Lifetime => _lifetime;

    public TimeSpan LifetimeFor(bool spa) => spa ? _spaLifetime : _lifetime;

    /// <param name="spa">A SPA's refresh token: 24 hours, and one redeemed from it keeps <paramref name="spaExpiry"/>.</param>
    public string Issue(string clientId, UserIdentity user, string scope, bool spa = false, DateTimeOffset? spaExpiry = null)
    {
        var now = time.GetUtcNow();
        RemoveExpired(now);

        var handle = "1.AX" + Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(48));
        var expiresAt = spa ? spaExpiry ?? now + _spaLifetime : now + _lifetime;
        _grants[handle] = new RefreshGrant(clientId, user, scope, now, expiresAt, spa);
        return handle;
    }

    public RefreshGrant? Find(string handle) => _grants.GetValueOrDefault(handle);

    private void RemoveExpired(DateTimeOffset now)
    {
        foreach (var (handle, grant) in _grants)
        {
            // Keep expired handles a little while, so their use is reported as "expired" rather than "unknown".
            if (grant.ExpiresAt + _lifetime < now)
            {
                _grants.TryRemove(handle, out _);
            }
        }
    }
}
