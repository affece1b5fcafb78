using FrontApi.TokenCache;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ServiceDefaults.Readiness;

namespace FrontApi.OnBehalfOf;

public static class DownstreamTokenProviderExtensions
{
    /// <summary>
    /// The key of the provider that actually acquires tokens (<see cref="OnBehalfOfTokenProvider"/>), inside the
    /// decorators. Tests replace it to exercise the decorators and everything above them without an identity platform.
    /// </summary>
    public const string AcquiringProviderKey = "acquiring";

    private const string SingleFlightProviderKey = "single-flight";

    /// <summary>
    /// <see cref="IDownstreamTokenProvider"/> for <paramref name="downstreamApi"/>: the header MSAL last returned while MSAL
    /// would still serve it (<see cref="CachedHeaderTokenProvider"/>), otherwise the On-Behalf-Of token provider wrapped
    /// by <see cref="SingleFlightTokenProvider"/> (one exchange for concurrent identical requests, bounded wait); and in
    /// MSAL's HTTP pipeline <see cref="TokenEndpointThrottle"/> (no token request while the endpoint asked this
    /// application to wait; cached tokens are still served).
    /// </summary>
    /// <param name="downstreamApi">The downstream API's name, in telemetry.</param>
    /// <param name="anyScope">One of its scopes: the readiness check acquires an app token for its resource.</param>
    public static IServiceCollection AddOnBehalfOfTokenProvider(this IServiceCollection services, string downstreamApi, Func<IServiceProvider, string> anyScope)
    {
        services.AddReadinessStep(provider => new TokenAcquisitionReadiness(
            provider.GetRequiredService<IServiceScopeFactory>(), TokenAcquisitionReadiness.DefaultScopeOf(anyScope(provider))));
        services.AddHttpContextAccessor();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<TokenAcquisitionTelemetry>();
        services.AddSingleton<SingleFlightTokenRequests>();
        services.AddSingleton<TokenEndpointBackoff>();
        services.AddKeyedScoped<IDownstreamTokenProvider>(AcquiringProviderKey, (provider, _) =>
            ActivatorUtilities.CreateInstance<OnBehalfOfTokenProvider>(provider, downstreamApi));
        services.TryAddSingleton<AuthorizationHeaderCache>();
        services.AddScoped<IDownstreamTokenProvider>(provider => new CachedHeaderTokenProvider(
            provider.GetRequiredService<AuthorizationHeaderCache>(),
            provider.GetRequiredService<IHttpContextAccessor>(),
            provider.GetRequiredService<TokenAcquisitionTelemetry>(),
            () => provider.GetRequiredKeyedService<IDownstreamTokenProvider>(SingleFlightProviderKey),
            downstreamApi));
        services.AddKeyedScoped<IDownstreamTokenProvider>(SingleFlightProviderKey, (provider, _) => new SingleFlightTokenProvider(
            provider.GetRequiredKeyedService<IDownstreamTokenProvider>(AcquiringProviderKey),
            provider.GetRequiredService<SingleFlightTokenRequests>(),
            provider.GetRequiredService<IHttpContextAccessor>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<SingleFlightTokenProvider>>()));

        // MSAL (through Identity.Web) sends its requests with the default IHttpClientFactory client.
        services.AddTransient<TokenEndpointThrottle>();
        services.AddHttpClient(Options.DefaultName).AddHttpMessageHandler<TokenEndpointThrottle>();
        return services;
    }
}
