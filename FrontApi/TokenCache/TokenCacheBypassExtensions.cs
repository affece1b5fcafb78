using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;

namespace FrontApi.TokenCache;

public static class TokenCacheBypassExtensions
{
    /// <summary>Benchmark-only switch, off by default: see docs/benchmarks.md ("No cache").</summary>
    public const string BypassTokenCacheKey = "Benchmarks:BypassTokenCache";

    /// <summary>
    /// When <c>Benchmarks:BypassTokenCache</c> is true, every On-Behalf-Of request skips the token cache lookup (the header
    /// cache in front of MSAL, then MSAL's own, by ForceRefresh) and goes to the token endpoint, whoever asks for the token: the naive design the benchmark compares the
    /// cached one with. Never set it in a real deployment: it multiplies the calls to the identity platform.
    /// </summary>
    public static IHostApplicationBuilder AddTokenCacheBypassForBenchmarks(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue<bool>(BypassTokenCacheKey))
        {
            // The header cache in front of MSAL would otherwise serve every request after the first.
            builder.Services.Replace(ServiceDescriptor.Singleton(services =>
                new AuthorizationHeaderCache(services.GetRequiredService<IOptions<TokenCacheL1Options>>(), services.GetRequiredService<TimeProvider>())
                {
                    Bypassed = true,
                }));
            builder.Services.Configure<TokenAcquisitionExtensionOptions>(options =>
                options.OnBeforeTokenAcquisitionForOnBehalfOf += (_, acquireTokenOptions, _) =>
                {
                    // Identity.Web applies ForceRefresh to the OBO request right after this event.
                    acquireTokenOptions?.ForceRefresh = true;
                });
        }

        return builder;
    }
}
