namespace AspireObo.Benchmarks.Report;

/// <summary>One BenchmarkDotNet result, in microseconds.</summary>
public sealed record MicroResult(string Operation, int CachedUsers, double MedianMicroseconds, double P95Microseconds, long? AllocatedBytes);
