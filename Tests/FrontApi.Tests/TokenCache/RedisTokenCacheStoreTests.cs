using AspireObo.AppHost;
using FrontApi.Tests.Infrastructure;
using FrontApi.TokenCache;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web.TokenCacheProviders.Distributed;
using StackExchange.Redis;

namespace FrontApi.Tests.TokenCache;

/// <summary>
/// The token cache's L2 reads Redis itself (not through Identity.Web's adapter, which adds a thread-pool hop to each read):
/// it must read what the adapter writes, under the same key, and fail as the adapter does.
/// </summary>
public sealed class RedisTokenCacheStoreTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reads_what_Identity_Webs_adapter_wrote_under_the_same_key()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(LocalRedisServer.Shared.ConnectionString);
        var logger = new FakeLogger<MsalDistributedTokenCacheAdapter>();
        var store = Store(redis, new MsalDistributedTokenCacheAdapterOptions(), logger, out var services);
        using var _ = services;
        var key = $"partition-{Guid.NewGuid():N}";
        var written = new byte[] { 1, 2, 3, 4 };

        await store.WriteAsync(key, written, DateTimeOffset.UtcNow.AddHours(1), Cancellation); // Identity.Web's adapter writes

        Assert.Equal(written, await store.ReadAsync(key, Cancellation));
        Assert.Null(await store.ReadAsync($"absent-{Guid.NewGuid():N}", Cancellation));
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), record => record.Level >= LogLevel.Warning);
    }

    [Theory]
    [InlineData(true, 2)]
    [InlineData(false, 1)]
    public async Task An_unreachable_Redis_reads_as_absent_logged_at_Error_and_retried_once_when_OnL2CacheFailure_says_so(bool retry, int expectedAttempts)
    {
        // Nothing listens on this port: every command fails fast, as with a stopped Redis.
        var options = ConfigurationOptions.Parse($"127.0.0.1:{LoopbackPorts.Free()}");
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 200;
        options.AsyncTimeout = 200;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var attempts = 0;
        var logger = new FakeLogger<MsalDistributedTokenCacheAdapter>();
        var store = Store(redis, new MsalDistributedTokenCacheAdapterOptions
        {
            OnL2CacheFailure = exception =>
            {
                Interlocked.Increment(ref attempts);
                return retry;
            },
        }, logger, out var services);
        using var _ = services;

        Assert.Null(await store.ReadAsync("any-partition", Cancellation));

        Assert.Equal(expectedAttempts, attempts);
        var errors = logger.Collector.GetSnapshot().Where(record => record.Level == LogLevel.Error).ToList();
        Assert.Equal(expectedAttempts, errors.Count);
        Assert.All(errors, record => Assert.DoesNotContain("any-partition", record.Message, StringComparison.Ordinal));
    }

    private static RedisTokenCacheStore Store(
        IConnectionMultiplexer redis, MsalDistributedTokenCacheAdapterOptions options, ILogger<MsalDistributedTokenCacheAdapter> logger, out ServiceProvider services)
    {
        services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var cache = new RedisCache(Options.Create(new RedisCacheOptions
        {
            InstanceName = $"RedisTokenCacheStoreTests:{Guid.NewGuid():N}:",
            ConnectionMultiplexerFactory = () => Task.FromResult(redis),
        }));
        return new RedisTokenCacheStore(cache, options, logger, services);
    }
}
