using FrontApi.TokenCache;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ServiceDefaults.Readiness;

namespace FrontApi.OnBehalfOf;

public static class DownstreamTokenProviderExtensions
{
    /// <summary>
    /// The key of the provider that actually acquires DownstreamApi's tokens (<see cref="OnBehalfOfTokenProvider"/>),
    /// inside the decorators (another API's is <c>acquiring:{name}</c>). Tests replace it to exercise the decorators and
    /// everything above them without an identity platform.
    /// </summary>
    public const string AcquiringProviderKey = "acquiring";

    private const string SingleFlightProviderKey = "single-flight";

    /// <summary>
    /// <see cref="IDownstreamTokenProvider"/> for <paramref name="downstreamApi"/>: the header MSAL last returned while MSAL
    /// would still serve it (<see cref="CachedHeaderTokenProvider"/>), otherwise the On-Behalf-Of token provider wrapped
    /// by <see cref="SingleFlightTokenProvider"/> (one exchange for concurrent identical requests, bounded wait); and in
    /// MSAL's HTTP pipeline <see cref="TokenEndpointThrottle"/> (no token request while the endpoint asked this
    /// application to wait; cached tokens are still served). FrontApi is ready once it can acquire a token.
    /// </summary>
    /// <param name="downstreamApi">The downstream API's name, in telemetry.</param>
    /// <param name="anyScope">One of its scopes: the readiness check acquires an app token for its resource.</param>
    public static IServiceCollection AddOnBehalfOfTokenProvider(this IServiceCollection services, string downstreamApi, Func<IServiceProvider, string> anyScope)
    {
        services.AddReadinessStep(provider => new TokenAcquisitionReadiness(
            provider.GetRequiredService<IServiceScopeFactory>(), TokenAcquisitionReadiness.DefaultScopeOf(anyScope(provider))));
        return services.AddTokenProviderChain(serviceKey: null, downstreamApi, AcquiringProviderKey);
    }

    /// <summary>
    /// The same provider for another downstream API of the same caller (Microsoft Graph), keyed by its name. It shares
    /// the header cache, the single flights and the back-off with every other downstream API (their entries are told
    /// apart by scopes), so a Graph token is exchanged once for concurrent requests and served without MSAL once cached.
    /// It adds no readiness step: readiness is about the API FrontApi cannot answer without.
    /// </summary>
    public static IServiceCollection AddKeyedOnBehalfOfTokenProvider(this IServiceCollection services, string downstreamApi) =>
        services.AddTokenProviderChain(serviceKey: downstreamApi, downstreamApi, $"{AcquiringProviderKey}:{downstreamApi}");

    private static IServiceCollection AddTokenProviderChain(this IServiceCollection services, string? serviceKey, string downstreamApi, string acquiringKey)
    {
        services.AddTokenProviderParts();
        var singleFlightKey = $"{SingleFlightProviderKey}:{downstreamApi}";
        services.AddKeyedScoped<IDownstreamTokenProvider>(acquiringKey, (provider, _) =>
            ActivatorUtilities.CreateInstance<OnBehalfOfTokenProvider>(provider, downstreamApi));
        services.AddKeyedScoped<IDownstreamTokenProvider>(serviceKey, (provider, _) => new CachedHeaderTokenProvider(
            provider.GetRequiredService<AuthorizationHeaderCache>(),
            provider.GetRequiredService<IHttpContextAccessor>(),
            provider.GetRequiredService<TokenAcquisitionTelemetry>(),
            () => provider.GetRequiredKeyedService<IDownstreamTokenProvider>(singleFlightKey),
            downstreamApi));
        services.AddKeyedScoped<IDownstreamTokenProvider>(singleFlightKey, (provider, _) => new SingleFlightTokenProvider(
            provider.GetRequiredKeyedService<IDownstreamTokenProvider>(acquiringKey),
            provider.GetRequiredService<SingleFlightTokenRequests>(),
            provider.GetRequiredService<IHttpContextAccessor>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<SingleFlightTokenProvider>>()));
        return services;
    }

    /// <summary>What every downstream API's chain shares; registered once however many chains there are.</summary>
    private static void AddTokenProviderParts(this IServiceCollection services)
    {
        if (services.Any(descriptor => descriptor.ServiceType == typeof(TokenEndpointThrottle)))
        {
            return;
        }

        services.AddHttpContextAccessor();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TokenAcquisitionTelemetry>();
        services.TryAddSingleton<SingleFlightTokenRequests>();
        services.TryAddSingleton<TokenEndpointBackoff>();
        services.TryAddSingleton<AuthorizationHeaderCache>();

        // MSAL (through Identity.Web) sends its requests with the default IHttpClientFactory client.
        services.AddTransient<TokenEndpointThrottle>();
        services.AddHttpClient(Options.DefaultName).AddHttpMessageHandler<TokenEndpointThrottle>();
    }
}
