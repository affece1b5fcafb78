using FrontApi.TokenCache;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Abstractions;

namespace FrontApi.Hardening;

public static class HardeningExtensions
{
    /// <summary>
    /// Off: FrontApi is the plain Identity.Web sample, every token straight from Identity.Web and MSAL — the benchmark's
    /// "without the hardening layer" row, and the test that the sample works without it.
    /// </summary>
    public const string EnabledKey = HardeningOptions.SectionName + ":Enabled";

    /// <summary>The token cache's L1 bound (partitions kept in memory), the memo's bound by default.</summary>
    private const string L1BoundKey = "TokenCache:L1:MaxPartitions";

    /// <summary>The key under which Identity.Web's own <see cref="IAuthorizationHeaderProvider"/> stays registered, inside the decorator.</summary>
    public const string IdentityWebProviderKey = "Microsoft.Identity.Web";

    /// <summary>
    /// Wraps Identity.Web's <see cref="IAuthorizationHeaderProvider"/> in <see cref="HardenedAuthorizationHeaderProvider"/>
    /// (header memo, single flight, bounded wait, telemetry) and puts <see cref="TokenEndpointThrottle"/> (Retry-After per
    /// application) in MSAL's HTTP pipeline. Call it after the token acquisition and its cache are registered. Without
    /// this one call FrontApi still works: every token then comes straight from Identity.Web and MSAL (docs/benchmarks.md,
    /// "What the hardening layer buys").
    /// </summary>
    public static IHostApplicationBuilder AddTokenAcquisitionHardening(this IHostApplicationBuilder builder)
    {
        if (!builder.Configuration.GetValue(EnabledKey, defaultValue: true))
        {
            return builder;
        }

        var services = builder.Services;
        var identityWeb = services.LastOrDefault(service => service.ServiceType == typeof(IAuthorizationHeaderProvider) && !service.IsKeyedService)
            ?? throw new InvalidOperationException("Register Identity.Web's token acquisition (EnableTokenAcquisitionToCallDownstreamApi) before AddTokenAcquisitionHardening.");
        services.Remove(identityWeb);
        services.Add(AsKeyed(identityWeb, IdentityWebProviderKey));
        services.Add(new ServiceDescriptor(typeof(IAuthorizationHeaderProvider), services => ActivatorUtilities.CreateInstance<HardenedAuthorizationHeaderProvider>(
            services, services.GetRequiredKeyedService<IAuthorizationHeaderProvider>(IdentityWebProviderKey)), identityWeb.Lifetime));

        // The memo is part of what FrontApi keeps per caller in memory: bounded like the token cache's L1 unless set itself.
        services.AddOptions<HardeningOptions>()
            .Configure<IConfiguration>((options, configuration) => options.MaxHeaders = configuration.GetValue(L1BoundKey, options.MaxHeaders))
            .BindConfiguration(HardeningOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHttpContextAccessor();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TokenAcquisitionTelemetry>();
        services.TryAddSingleton<SingleFlight>();
        services.TryAddSingleton<TokenEndpointBackoff>();
        services.TryAddSingleton<DownstreamApiNames>();
        services.TryAddSingleton(provider =>
        {
            var memo = ActivatorUtilities.CreateInstance<HeaderMemo>(provider);
            // Emptying the token cache (the dashboard's "Clear token cache") empties the memo of what MSAL returned.
            if (provider.GetService<ResidentPartitionTokenCache>() is { } tokenCache)
            {
                tokenCache.Cleared += memo.Clear;
            }

            return memo;
        });

        // MSAL (through Identity.Web) sends its requests with the default IHttpClientFactory client.
        services.AddTransient<TokenEndpointThrottle>();
        services.AddHttpClient(Options.DefaultName).AddHttpMessageHandler<TokenEndpointThrottle>();
        return builder;
    }

    private static ServiceDescriptor AsKeyed(ServiceDescriptor service, string key) => service switch
    {
        { ImplementationType: { } type } => new ServiceDescriptor(service.ServiceType, key, type, service.Lifetime),
        { ImplementationFactory: { } factory } => new ServiceDescriptor(service.ServiceType, key, (provider, _) => factory(provider), service.Lifetime),
        { ImplementationInstance: { } instance } => new ServiceDescriptor(service.ServiceType, key, instance),
        _ => throw new InvalidOperationException("Identity.Web's header provider is registered in a way this decorator does not know."),
    };
}
