using System.Collections.Concurrent;
using System.Security.Cryptography;
using EntraEmulator.Options;
using EntraEmulator.Protocol;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace EntraEmulator.Tokens;

/// <summary>What a refresh token stands for: a client acting for a user (Entra RTs are multi-resource).</summary>
public sealed record RefreshGrant(string ClientId, UserIdentity User, string Scope, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);

/// <summary>
/// Refresh tokens are opaque random handles kept in memory (as Entra's are opaque to clients); a restart forgets them,
/// which clients handle like a revoked token. Redeeming one issues a fresh handle; the old one stays valid until it
/// expires, as with Entra, so clients sharing a cache never lose a race.
/// </summary>
public sealed class RefreshTokenStore(IOptions<EntraEmulatorOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, RefreshGrant> _grants = new(StringComparer.Ordinal);
    private readonly TimeSpan _lifetime = options.Value.RefreshTokenLifetime;

    public TimeSpan Lifetime => _lifetime;

    public string Issue(string clientId, UserIdentity user, string scope)
    {
        var now = time.GetUtcNow();
        RemoveExpired(now);

        var handle = "1.AX" + Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(48));
        _grants[handle] = new RefreshGrant(clientId, user, scope, now, now + _lifetime);
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
