using System.Globalization;

namespace FrontApi.TokenCache;

/// <summary>
/// The key of a long-running On-Behalf-Of session (Identity.Web's <c>LongRunningWebApiSessionKey</c>, which MSAL uses as
/// the session's token-cache key), saying until when the session may live: <c>session-{unix seconds}-{random}</c>.
/// <para>
/// The token cache treats such a partition differently from a request's: it holds a refresh token that nothing can
/// replace without the user, so an unavailable or unreadable Redis is an error to retry later
/// (<see cref="TokenCacheUnavailableException"/>), never "absent" (which MSAL would answer with
/// <c>OboCacheKeyNotInCacheError</c>, and the job with "sign in again"); and, since MSAL suggests no expiry for an entry
/// with a refresh token, the cache gives it the one in its key, so a session whose job never cleans up still ends.
/// </para>
/// </summary>
public static class LongRunningSessionKey
{
    private const string Prefix = "session-";

    public static string New(DateTimeOffset expiresAt) =>
        $"{Prefix}{expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}";

    /// <returns>Whether <paramref name="cacheKey"/> is a long-running session's key, and until when it may live.</returns>
    public static bool TryParse(string? cacheKey, out DateTimeOffset expiresAt)
    {
        expiresAt = default;
        if (cacheKey is null || !cacheKey.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = cacheKey.AsSpan(Prefix.Length);
        var dash = rest.IndexOf('-');
        if (dash <= 0 || !long.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        expiresAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    public static bool Is(string? cacheKey) => TryParse(cacheKey, out _);
}
