using FrontApi.Infrastructure;

namespace FrontApi.Extensions;

public static class TokenAcquisitionResilienceExtensions
{
    /// <summary>
    /// <see cref="IDownstreamTokenProvider"/> as the OBO token provider wrapped, from the outside in, by:
    /// <see cref="RetryAfterHonouringTokenProvider"/> (no token request while the endpoint asked us to wait) and
    /// <see cref="SingleFlightTokenProvider"/> (one exchange for concurrent identical requests, bounded wait).
    /// </summary>
    public static IServiceCollection AddResilientDownstreamTokenProvider(
        this IServiceCollection services, Func<IServiceProvider, IDownstreamTokenProvider> createProvider)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SingleFlightTokenRequests>();
        services.AddSingleton<TokenEndpointBackoff>();
        services.AddScoped<IDownstreamTokenProvider>(provider => new RetryAfterHonouringTokenProvider(
            new SingleFlightTokenProvider(
                createProvider(provider),
                provider.GetRequiredService<SingleFlightTokenRequests>(),
                provider.GetRequiredService<IHttpContextAccessor>(),
                provider.GetRequiredService<ILogger<SingleFlightTokenProvider>>()),
            provider.GetRequiredService<TokenEndpointBackoff>(),
            provider.GetRequiredService<IHttpContextAccessor>(),
            provider.GetRequiredService<ILogger<RetryAfterHonouringTokenProvider>>()));
        return services;
    }
}
