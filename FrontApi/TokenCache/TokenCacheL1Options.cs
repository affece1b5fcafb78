using System.ComponentModel.DataAnnotations;

namespace FrontApi.TokenCache;

/// <summary>
/// The token cache's L1 (<see cref="ResidentPartitionTokenCache"/>): how many cache partitions — one per incoming user
/// token — it keeps in memory, ready to use. Beyond that, the least recently used are evicted and come back from Redis
/// (L2) when asked for again. Memory per partition and what fits in a budget: docs/benchmarks.md.
/// </summary>
public sealed class TokenCacheL1Options
{
    public const string SectionName = "TokenCache:L1";

    /// <summary>
    /// Partitions kept in memory, at most. Default 50,000:
    /// about 615 MB at the ≈ 12.3 KB per partition measured in docs/benchmarks.md, its header included (Identity.Web's own
    /// L1 defaults to 500 MB); 1 GB holds about 80,000 users' partitions.
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxPartitions { get; set; } = 50_000;
}
