using System.Diagnostics.Metrics;
using ServiceDefaults.Telemetry;

namespace FrontApi.Jobs;

/// <summary>The digest jobs' counters (meter <see cref="AspireOboTelemetry.Jobs"/>).</summary>
public sealed class JobsMetrics : IDisposable
{
    public const string QuarantinedInstrument = "aspireobo.jobs.quarantined";

    private readonly Meter _meter;
    private readonly Counter<long> _quarantined;

    public JobsMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(AspireOboTelemetry.Jobs);
        _quarantined = _meter.CreateCounter<long>(QuarantinedInstrument, "{job}",
            "Job records in Redis that could not be read, moved aside so that the worker goes on.");
    }

    public void Quarantined() => _quarantined.Add(1);

    public void Dispose() => _meter.Dispose();
}
