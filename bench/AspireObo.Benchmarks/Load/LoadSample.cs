namespace AspireObo.Benchmarks.Load;

/// <summary>Latencies and errors of a batch of requests; batches of one scenario add up across rounds.</summary>
public sealed class LoadSample
{
    private readonly List<double> _latenciesMs = [];

    public int Requests => _latenciesMs.Count;

    public int Errors { get; private set; }

    public TimeSpan Elapsed { get; private set; }

    /// <summary>On-Behalf-Of tokens the emulator issued while the batch ran.</summary>
    public long TokenEndpointCalls { get; set; }

    public IReadOnlyList<double> LatenciesMs => _latenciesMs;

    public void Record(TimeSpan latency, bool succeeded)
    {
        _latenciesMs.Add(latency.TotalMilliseconds);
        if (!succeeded)
        {
            Errors++;
        }
    }

    public void Add(LoadSample other)
    {
        _latenciesMs.AddRange(other._latenciesMs);
        Errors += other.Errors;
        Elapsed += other.Elapsed;
        TokenEndpointCalls += other.TokenEndpointCalls;
    }

    public static LoadSample Combine(IEnumerable<LoadSample> loops, TimeSpan elapsed)
    {
        var combined = new LoadSample();
        foreach (var loop in loops)
        {
            combined.Add(loop);
        }

        combined.Elapsed = elapsed;
        return combined;
    }

    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public double TokenEndpointCallsPer1000 => Requests == 0 ? 0 : TokenEndpointCalls * 1000.0 / Requests;

    /// <summary>Nearest-rank percentile, in milliseconds.</summary>
    public double Percentile(double percentile)
    {
        if (_latenciesMs.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _latenciesMs.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
