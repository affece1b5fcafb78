using Microsoft.IdentityModel.Tokens;

namespace EntraEmulator.Grants;

/// <summary>
/// Lifetime check for the JWTs the token endpoint receives (user assertions, client assertions), on the emulator's
/// clock so tests can move time, with the usual 5-minute skew. A token without <c>exp</c> is never valid.
/// </summary>
internal static class AssertionLifetime
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static LifetimeValidator On(TimeProvider time) => (notBefore, expires, _, _) =>
    {
        var now = time.GetUtcNow().UtcDateTime;
        return expires is { } expiry && now <= expiry + ClockSkew && (notBefore is not { } start || now + ClockSkew >= start);
    };
}
