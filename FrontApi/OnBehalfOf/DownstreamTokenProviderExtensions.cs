namespace FrontApi.OnBehalfOf;

public static class DownstreamTokenProviderExtensions
{
    /// <summary>
    /// The key of the provider that actually acquires tokens (<see cref="OnBehalfOfTokenProvider"/>), inside the
    /// decorators. Tests replace it to exercise the decorators and everything above them without an identity platform.
    /// </summary>
    public const string AcquiringProviderKey = "acquiring";

    /// <summary>
    /// <see cref="IDownstreamTokenProvider"/> for <paramref name="downstreamApi"/>: the On-Behalf-Of token provider wrapped,
    /// from the outside in, by <see cref="RetryAfterHonouringTokenProvider"/> (no token request while the endpoint asked
    /// us to wait) and <see cref="SingleFlightTokenProvider"/> (one exchange for concurrent identical requests, bounded wait).
    /// </summary>
    public static IServiceCollection AddOnBehalfOfTokenProvider(this IServiceCollection services, string downstreamApi)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<TokenAcquisitionTelemetry>();
        services.AddSingleton<SingleFlightTokenRequests>();
        services.AddSingleton<TokenEndpointBackoff>();
        services.AddKeyedScoped<IDownstreamTokenProvider>(AcquiringProviderKey, (provider, _) =>
            ActivatorUtilities.CreateInstance<OnBehalfOfTokenProvider>(provider, downstreamApi));
        services.AddScoped<IDownstreamTokenProvider>(provider => new RetryAfterHonouringTokenProvider(
            new SingleFlightTokenProvider(
                provider.GetRequiredKeyedService<IDownstreamTokenProvider>(AcquiringProviderKey),
                provider.GetRequiredService<SingleFlightTokenRequests>(),
                provider.GetRequiredService<IHttpContextAccessor>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<SingleFlightTokenProvider>>()),
            provider.GetRequiredService<TokenEndpointBackoff>(),
            provider.GetRequiredService<IHttpContextAccessor>(),
            provider.GetRequiredService<ILogger<RetryAfterHonouringTokenProvider>>()));
        return services;
    }
}
