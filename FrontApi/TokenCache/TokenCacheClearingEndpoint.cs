using System.Security.Cryptography;
using System.Text;

namespace FrontApi.TokenCache;

/// <summary>
/// <c>DELETE /_dev/token-cache</c>: empties this replica's token cache, both levels, so the next request shows a
/// fresh On-Behalf-Of exchange (the dashboard's "Clear token cache" command on <c>front</c>). Safe by construction:
/// mapped only in Development and only when the AppHost handed FrontApi a per-run key (<c>DevelopmentAdmin:Key</c>,
/// generated, never committed); the caller must present it in <c>X-Dev-Admin-Key</c>, compared in constant time.
/// The answer is a count, never a key or a token. Not in the OpenAPI document.
/// </summary>
public static class TokenCacheClearingEndpoint
{
    public const string Route = "/_dev/token-cache";
    public const string KeyHeader = "X-Dev-Admin-Key";
    public const string KeySetting = "DevelopmentAdmin:Key";

    /// <summary>Whether this process offers the endpoint (and so the token cache remembers which keys to clear).</summary>
    public static bool IsEnabled(IHostEnvironment environment, IConfiguration configuration) =>
        environment.IsDevelopment() && !string.IsNullOrEmpty(configuration[KeySetting]);

    public static WebApplication MapTokenCacheClearingForDevelopment(this WebApplication app)
    {
        if (!IsEnabled(app.Environment, app.Configuration))
        {
            return app;
        }

        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(app.Configuration[KeySetting]!));
        app.MapDelete(Route, async (HttpRequest request, ResidentPartitionTokenCache cache) =>
        {
            var presented = SHA256.HashData(Encoding.UTF8.GetBytes(request.Headers[KeyHeader].ToString()));
            if (!CryptographicOperations.FixedTimeEquals(presented, expected))
            {
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, detail: $"Send the AppHost's development admin key in {KeyHeader}.");
            }

            return Results.Ok(new { removedEntries = await cache.ClearAsync() });
        }).ExcludeFromDescription();

        return app;
    }
}
