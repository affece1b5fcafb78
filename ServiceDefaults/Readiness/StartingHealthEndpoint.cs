using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ServiceDefaults.Readiness;

/// <summary>
/// While a replica starts, <c>/health</c> answers 503 itself, naming what it waits for, without running the health checks:
/// being probed before it is ready is what every starting replica expects, and the health-check service would log each of
/// those answers as an error (an operator's clean start logs no error). Once ready, the health checks answer as usual.
/// </summary>
public static class StartingHealthEndpoint
{
    public static void UseStartingHealthAnswer(this WebApplication app, PathString healthPath)
    {
        if (app.Services.GetService<StartupReadiness>() is not { } readiness)
        {
            return;
        }

        app.UseWhen(context => !readiness.IsReady && context.Request.Path.StartsWithSegments(healthPath),
            starting => starting.Run(context =>
            {
                var report = new HealthReport(
                    new Dictionary<string, HealthReportEntry>
                    {
                        [ReadinessHealthCheck.Name] = ToEntry(ReadinessHealthCheck.NotReady(readiness, HealthStatus.Unhealthy)),
                    },
                    TimeSpan.Zero);
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.CacheControl = "no-store, no-cache";
                return HealthReportWriter.WriteAsync(context, report);
            }));
    }

    private static HealthReportEntry ToEntry(HealthCheckResult result) =>
        new(result.Status, result.Description, TimeSpan.Zero, result.Exception, result.Data);
}
