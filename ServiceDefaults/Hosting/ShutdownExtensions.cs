using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceDefaults.Hosting;

/// <summary>
/// A service stops within a few seconds of SIGTERM/SIGINT. Two waits are bounded: requests still running get
/// <see cref="HostOptions.ShutdownTimeout"/> (default 30 s) to finish, and the OpenTelemetry exporters' final flush retries
/// each batch until <c>OTEL_EXPORTER_OTLP_TIMEOUT</c> (default 10 s) has passed — when the AppHost stops, the dashboard
/// that receives it is already gone, so every service waited ~10 s for nothing. Both stay configurable.
/// </summary>
public static class ShutdownExtensions
{
    private const string OtlpTimeoutKey = "OTEL_EXPORTER_OTLP_TIMEOUT";
    private const string ShutdownTimeoutKey = "ShutdownTimeoutSeconds";

    /// <summary>Per export batch (logs, traces and metrics are flushed one after the other on shutdown).</summary>
    private const int DefaultOtlpTimeoutMilliseconds = 1000;

    private static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(2);

    public static TBuilder AddQuickShutdown<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // The exporter reads this key from configuration; set only when neither environment nor settings do.
        if (string.IsNullOrWhiteSpace(builder.Configuration[OtlpTimeoutKey]))
        {
            builder.Configuration[OtlpTimeoutKey] = DefaultOtlpTimeoutMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (string.IsNullOrWhiteSpace(builder.Configuration[ShutdownTimeoutKey]))
        {
            builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = DefaultShutdownTimeout);
        }

        return builder;
    }
}
