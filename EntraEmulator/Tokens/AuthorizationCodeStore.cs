using System.Collections.Concurrent;
using System.Security.Cryptography;
using EntraEmulator.Protocol;
using Microsoft.IdentityModel.Tokens;

namespace EntraEmulator.Tokens;

/// <summary>
/// What an authorization code stands for. Everything the token endpoint must check is bound here: the client, the exact
/// redirect URI, the PKCE challenge, the signed-in user, the granted scopes and the OpenID Connect nonce.
/// </summary>
public sealed record AuthorizationCodeGrantData(
    string ClientId,
    string RedirectUri,
    string CodeChallenge,
    UserIdentity User,
    DelegatedScopes Scopes,
    string? Nonce,
    DateTimeOffset ExpiresAt)
{
    /// <summary>Issued to a SPA redirect URI: redeemable only cross-origin, with a 24-hour refresh token.</summary>
    public bool Spa { get; init; }

    /// <summary>The client capabilities the authorization request declared (<c>xms_cc</c> in its <c>claims</c>).</summary>
    public IReadOnlyList<string> ClientCapabilities { get; init; } = [];
}

/// <summary>The outcome of redeeming a code: its data, or why it cannot be used.</summary>
public enum CodeRedemption
{
    Redeemed,
    Unknown,
    AlreadyRedeemed,
    Expired,
}

/// <summary>
/// Authorization codes: opaque random handles in memory, single use (the first redemption attempt consumes the code,
/// whatever its outcome, so a stolen code cannot be retried with guessed verifiers), short-lived (Entra: about 10 minutes).
/// </summary>
public sealed class AuthorizationCodeStore(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, Entry> _codes = new(StringComparer.Ordinal);

    public string Issue(Func<DateTimeOffset, AuthorizationCodeGrantData> create)
    {
        var now = time.GetUtcNow();
        RemoveStale(now);

        var code = "1.AX" + Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(48));
        _codes[code] = new Entry(create(now + Lifetime), Redeemed: false);
        return code;
    }

    public CodeRedemption Redeem(string code, out AuthorizationCodeGrantData? data)
    {
        data = null;
        if (!_codes.TryGetValue(code, out var entry))
        {
            return CodeRedemption.Unknown;
        }

        // Atomic: of two concurrent redemptions exactly one sees the unredeemed entry.
        if (entry.Redeemed || !_codes.TryUpdate(code, entry with { Redeemed = true }, entry))
        {
            return CodeRedemption.AlreadyRedeemed;
        }

        if (time.GetUtcNow() > entry.Data.ExpiresAt)
        {
            return CodeRedemption.Expired;
        }

        data = entry.Data;
        return CodeRedemption.Redeemed;
    }

    private void RemoveStale(DateTimeOffset now)
    {
        foreach (var (code, entry) in _codes)
        {
            // Kept one more lifetime, so a late replay is reported as "already redeemed"/"expired" rather than "unknown".
            if (entry.Data.ExpiresAt + Lifetime < now)
            {
                _codes.TryRemove(code, out _);
            }
        }
    }

    private sealed record Entry(AuthorizationCodeGrantData Data, bool Redeemed);
}
