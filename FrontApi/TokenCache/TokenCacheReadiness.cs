using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using ServiceDefaults.Readiness;
using StackExchange.Redis;

namespace FrontApi.TokenCache;

/// <summary>
/// Before FrontApi reports healthy: Redis answers, the token cache's L2 client has its connection, and Data Protection
/// has read its key ring from Redis (it does so synchronously on first use; here on a dedicated thread, not on a request).
/// </summary>
public sealed class TokenCacheReadiness(IConnectionMultiplexer redis, IDistributedCache l2Cache, IDataProtectionProvider dataProtection) : IReadinessStep
{
    public string Name => "Redis (token cache L2, Data Protection keys)";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await redis.GetDatabase().PingAsync();
        await l2Cache.GetAsync("AspireObo:FrontApi:Readiness", cancellationToken);
        await Task.Factory.StartNew(
            () => dataProtection.CreateProtector("AspireObo.FrontApi.Readiness").Protect([0]),
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }
}
