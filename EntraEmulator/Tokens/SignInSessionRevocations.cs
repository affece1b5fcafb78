using System.Collections.Concurrent;

namespace EntraEmulator.Tokens;

/// <summary>
/// Entra's "revoke sign-in sessions" (Graph <c>revokeSignInSessions</c>, or a password reset): every refresh token a
/// user got before that moment stops working (AADSTS50173), whichever client holds it; access tokens already issued
/// stay valid until they expire. Kept in memory, like the refresh tokens themselves.
/// </summary>
public sealed class SignInSessionRevocations(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _validFrom = new(StringComparer.OrdinalIgnoreCase);

    /// <returns>The user's new "tokens valid from" time.</returns>
    public DateTimeOffset Revoke(string userObjectId) =>
        _validFrom[userObjectId] = time.GetUtcNow();

    /// <summary>When refresh tokens issued before this time are refused for the user, if they ever were revoked.</summary>
    public DateTimeOffset? ValidFrom(string userObjectId) =>
        _validFrom.TryGetValue(userObjectId, out var validFrom) ? validFrom : null;
}
