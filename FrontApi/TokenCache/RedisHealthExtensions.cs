using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FrontApi.TokenCache;

public static class RedisHealthExtensions
{
    /// <summary>
    /// For FrontApi, Redis is the L2 token cache: without it, requests are still served (L1 cache, fresh exchanges).
    /// So Redis being down reports Degraded (HTTP 200 on /health: Aspire keeps FrontApi as healthy and routed),
    /// not Unhealthy, while still showing the degradation in the health report.
    /// </summary>
    public static IHostApplicationBuilder ReportRedisOutageAsDegraded(this IHostApplicationBuilder builder)
    {
        builder.Services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations.Where(r => r.Name.StartsWith("StackExchange.Redis", StringComparison.Ordinal)))
            {
                registration.FailureStatus = HealthStatus.Degraded;
                registration.Timeout = TimeSpan.FromSeconds(3); // a stopped Redis never answers: don't hold /health
            }
        });
        return builder;
    }
}
