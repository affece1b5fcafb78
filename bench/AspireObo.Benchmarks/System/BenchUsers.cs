namespace AspireObo.Benchmarks.System;

/// <summary>A synthetic user the benchmark adds to the EntraEmulator's directory (development only).</summary>
public sealed record BenchUser(string Name, string ObjectId, string UserPrincipalName, string Password)
{
    /// <summary>Deterministic users <c>bench-user-0001</c>…: the same names and object ids on every run.</summary>
    public static IReadOnlyList<BenchUser> Create(int count) => Enumerable.Range(1, count)
        .Select(index => new BenchUser(
            $"bench-user-{index:D4}",
            $"b0000000-0000-4000-8000-{index:D12}",
            $"bench-user-{index:D4}@aspireobo.dev",
            $"bench-user-{index:D4}-password"))
        .ToList();
}
