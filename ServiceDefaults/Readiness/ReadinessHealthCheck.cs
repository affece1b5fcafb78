using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ServiceDefaults.Readiness;

/// <summary>Unhealthy until every readiness step is done; its description names what is still awaited.</summary>
public sealed class ReadinessHealthCheck(StartupReadiness readiness) : IHealthCheck
{
    public const string Name = "ready";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (readiness.IsReady)
        {
            return Task.FromResult(HealthCheckResult.Healthy("Ready: the first request will not wait for start-up work."));
        }

        return Task.FromResult(NotReady(readiness, context.Registration.FailureStatus));
    }

    /// <summary>What a replica that is not ready answers: the steps it still waits for, and why the last attempt of each failed.</summary>
    public static HealthCheckResult NotReady(StartupReadiness readiness, HealthStatus status)
    {
        var pending = readiness.Pending;
        return new HealthCheckResult(status,
            $"Not ready yet, waiting for: {string.Join("; ", pending.Select(step => $"{step.Key} ({step.Value})"))}.",
            data: pending.ToDictionary(step => step.Key, step => (object)step.Value));
    }
}
