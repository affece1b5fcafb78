using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace EntraEmulator.SignIn;

/// <summary>A password sign-in waiting for its second factor.</summary>
public sealed record PendingSecondFactor(string UserObjectId, string Code, string Reference, DateTimeOffset ExpiresAt, int FailedAttempts = 0);

/// <summary>A started second-factor step: the form's handle, the code to deliver, and the reference page and log both show.</summary>
public sealed record SecondFactorStart(string Handle, string Code, string Reference);

/// <summary>The outcome of entering a one-time code.</summary>
public enum SecondFactorResult
{
    Verified,
    WrongCode,
    /// <summary>Unknown, expired or out of attempts: the sign-in starts again with the password.</summary>
    Gone,
}

/// <summary>
/// The emulator's second factor: a six-digit one-time code per sign-in, written to the emulator's log (where a developer
/// sees it: the Aspire dashboard's console logs of <c>identity</c>), as a real tenant would text or push it. Codes live
/// 5 minutes and allow 3 attempts; the sign-in is tracked by an opaque random handle carried in the form.
/// </summary>
public sealed class SecondFactorChallenges(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    public const int MaxAttempts = 3;

    private readonly ConcurrentDictionary<string, PendingSecondFactor> _pending = new(StringComparer.Ordinal);

    /// <summary>
    /// Starts a second-factor step. The reference (four hex digits) is shown on the page and next to the code in the
    /// log, so a developer with several sign-ins open picks the right code.
    /// </summary>
    public SecondFactorStart Start(string userObjectId)
    {
        var now = time.GetUtcNow();
        foreach (var (key, stale) in _pending)
        {
            if (stale.ExpiresAt < now)
            {
                _pending.TryRemove(key, out _);
            }
        }

        var handle = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var reference = Convert.ToHexString(RandomNumberGenerator.GetBytes(2));
        _pending[handle] = new PendingSecondFactor(userObjectId, code, reference, now + Lifetime);
        return new SecondFactorStart(handle, code, reference);
    }

    /// <summary>The reference shown for a pending step (to show the page again after a wrong code).</summary>
    public string? ReferenceOf(string handle) => _pending.TryGetValue(handle, out var pending) ? pending.Reference : null;

    public SecondFactorResult Verify(string handle, string code, out string? userObjectId)
    {
        userObjectId = null;
        if (!_pending.TryGetValue(handle, out var pending) || time.GetUtcNow() > pending.ExpiresAt)
        {
            _pending.TryRemove(handle, out _);
            return SecondFactorResult.Gone;
        }

        if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(code.Trim()), Encoding.ASCII.GetBytes(pending.Code)))
        {
            // Single use: of two concurrent submissions only one removes the entry.
            if (!_pending.TryRemove(KeyValuePair.Create(handle, pending)))
            {
                return SecondFactorResult.Gone;
            }

            userObjectId = pending.UserObjectId;
            return SecondFactorResult.Verified;
        }

        var failed = pending with { FailedAttempts = pending.FailedAttempts + 1 };
        if (failed.FailedAttempts >= MaxAttempts)
        {
            _pending.TryRemove(handle, out _);
            return SecondFactorResult.Gone;
        }

        _pending.TryUpdate(handle, failed, pending);
        return SecondFactorResult.WrongCode;
    }
}
