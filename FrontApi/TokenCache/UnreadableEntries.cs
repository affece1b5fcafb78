using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ServiceDefaults.Telemetry;

namespace FrontApi.TokenCache;

/// <summary>
/// Token-cache entries that are in Redis but cannot be decrypted here — most often written with a Data Protection key
/// this replica's key ring lacks. Each one costs the user a fresh On-Behalf-Of exchange, and many of them mean the
/// replicas do not share their cache: so each is logged at Error (by the reader), counted
/// (<see cref="InstrumentName"/>), and <c>/health</c> reports Degraded for <see cref="Window"/> after the last one.
/// </summary>
public sealed class UnreadableEntries : IHealthCheck, IDisposable
{
    public const string HealthCheckName = "token-cache-entries";
    public const string InstrumentName = "aspireobo.token_cache.unreadable_entries";

    /// <summary>How long one unreadable entry keeps <c>/health</c> Degraded.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly Meter _meter;
    private readonly Counter<long> _unreadable;
    private readonly TimeProvider _time;
    private long _count;
    private long _lastTicks = long.MinValue;

    public UnreadableEntries(IMeterFactory meterFactory, TimeProvider time)
    {
        _time = time;
        _meter = meterFactory.Create(AspireOboTelemetry.TokenCache);
        _unreadable = _meter.CreateCounter<long>(InstrumentName, "{entry}",
            "Reads of token-cache entries in Redis that could not be decrypted (the token is then exchanged again).");
    }

    /// <summary>Unreadable reads since this replica started.</summary>
    public long Count => Interlocked.Read(ref _count);

    public void Record()
    {
        Interlocked.Increment(ref _count);
        Interlocked.Exchange(ref _lastTicks, _time.GetUtcNow().UtcTicks);
        _unreadable.Add(1);
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var last = Interlocked.Read(ref _lastTicks);
        var since = last == long.MinValue ? (TimeSpan?)null : _time.GetUtcNow() - new DateTimeOffset(last, TimeSpan.Zero);
        return Task.FromResult(since is { } elapsed && elapsed < Window
            ? HealthCheckResult.Degraded(
                $"{Count} reads of token-cache entries in Redis could not be decrypted (the last {elapsed.TotalSeconds:0} s ago): those " +
                "tokens were exchanged again. Check that every replica shares one Data Protection key ring and key-encryption certificate (docs/security.md).")
            : HealthCheckResult.Healthy());
    }

    public void Dispose() => _meter.Dispose();
}
