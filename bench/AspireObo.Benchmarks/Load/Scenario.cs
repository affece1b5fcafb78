namespace AspireObo.Benchmarks.Load;

/// <summary>A measured scenario and what it accumulated over the rounds.</summary>
public sealed record Scenario(string Name, string Path, int Concurrency)
{
    public LoadSample Result { get; } = new();
}
