using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
namespace ServiceDefaults.Readiness;

public static class ReadinessExtensions
{
    /// <summary>
    /// Adds <typeparamref name="TStep"/> to what the service does before <c>/health</c> reports healthy
    /// (<see cref="ReadinessHealthCheck"/>, run by <see cref="ReadinessService"/>).
    /// </summary>
    public static IServiceCollection AddReadinessStep<TStep>(this IServiceCollection services) where TStep : class, IReadinessStep
    {
        services.AddReadinessService();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReadinessStep, TStep>());
        return services;
    }

    /// <summary>Adds the step <paramref name="createStep"/> makes (for steps that need arguments).</summary>
    public static IServiceCollection AddReadinessStep(this IServiceCollection services, Func<IServiceProvider, IReadinessStep> createStep)
    {
        services.AddReadinessService();
        services.AddSingleton(createStep);
        return services;
    }

    private static void AddReadinessService(this IServiceCollection services)
    {
        services.TryAddSingleton<StartupReadiness>();
        if (!services.Any(service => service.ServiceType == typeof(ReadinessService)))
        {
            services.AddSingleton<ReadinessService>();
            services.AddHostedService(provider => provider.GetRequiredService<ReadinessService>());
            services.AddHealthChecks().AddCheck<ReadinessHealthCheck>(ReadinessHealthCheck.Name);
        }
    }
}
