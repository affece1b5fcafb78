using EntraEmulator.Model;
using EntraEmulator.Protocol;
using Microsoft.AspNetCore.Cors.Infrastructure;

namespace EntraEmulator.Hosting;

/// <summary>
/// CORS on the token endpoint, as Entra allows it for single-page apps: a browser page may redeem a code (or refresh a
/// token) cross-origin only when its origin is that of a registered SPA redirect URI. Every other origin gets no CORS
/// headers, so the browser withholds the response.
/// </summary>
public static class SpaRedirectCors
{
    public const string PolicyName = "SpaRedirectOrigins";

    public static IServiceCollection AddSpaRedirectCors(this IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<TenantDirectory>((cors, directory) =>
            cors.AddPolicy(PolicyName, policy => policy
                .SetIsOriginAllowed(directory.IsSpaRedirectOrigin)
                .WithMethods(HttpMethods.Post)
                .AllowAnyHeader()
                .WithExposedHeaders(RequestCorrelation.HeaderName)));
        return services;
    }
}
