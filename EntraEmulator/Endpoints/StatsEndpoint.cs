using EntraEmulator.Diagnostics;
using EntraEmulator.Tokens;

namespace EntraEmulator.Endpoints;

/// <summary><c>GET /_emulator/stats</c>, development only: emulator-only counters that let tests prove caching (see <see cref="EmulatorStats"/>).</summary>
public static class StatsEndpoint
{
    public static IEndpointRouteBuilder MapStatsEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/_emulator/stats", (EmulatorStats stats, RefreshTokenStore refreshTokens) =>
            TypedResults.Json(stats.GetSnapshot() with { RefreshTokens = refreshTokens.Count }));
        return endpoints;
    }
}
