using Microsoft.Identity.Web;

namespace FrontApi.TokenCache;

public static class TokenCacheBypassExtensions
{
    /// <summary>Benchmark-only switch, off by default: see docs/benchmarks.md ("No cache").</summary>
    public const string BypassTokenCacheKey = "Benchmarks:BypassTokenCache";

    /// <summary>
    /// When <c>Benchmarks:BypassTokenCache</c> is true, every On-Behalf-Of request skips MSAL's token cache lookup (by
    /// ForceRefresh) and goes to the token endpoint, whoever asks for the token: the naive design the benchmark compares the
    /// cached one with (the benchmark also turns the header memo off: <c>TokenAcquisitionHardening:HeaderMemo=false</c>). Never set it in a real deployment: it multiplies the calls to the identity platform.
    /// </summary>
    public static IHostApplicationBuilder AddTokenCacheBypassForBenchmarks(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue<bool>(BypassTokenCacheKey))
        {
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
