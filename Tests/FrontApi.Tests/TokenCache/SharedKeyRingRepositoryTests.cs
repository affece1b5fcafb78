using System.Xml.Linq;
using FrontApi.Tests.Infrastructure;
using FrontApi.TokenCache;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace FrontApi.Tests.TokenCache;

/// <summary>
/// Replicas started together on an empty key ring (a first deployment) must end up with one Data Protection key that all
/// of them use: with one key each, what one replica encrypts into the token cache is unreadable on the others once Data
/// Protection's 2-minute start-up window has passed.
/// </summary>
public sealed class SharedKeyRingRepositoryTests
{
    private const int Replicas = 4;
    private const int Deployments = 10;

    [Fact]
    public async Task Replicas_started_together_on_an_empty_key_ring_share_one_first_key()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(LocalRedisServer.Shared.ConnectionString);
        for (var deployment = 0; deployment < Deployments; deployment++)
        {
            RedisKey ring = $"SharedKeyRingRepositoryTests:{Guid.NewGuid():N}";
            var replicas = Enumerable.Range(0, Replicas).Select(_ => Replica(redis, ring)).ToList();
            using var start = new Barrier(Replicas);

            // Each replica's first protection at the same moment, as each one's readiness step does at start.
            var payloads = await Task.WhenAll(replicas.Select(replica => Task.Factory.StartNew(() =>
            {
                var protector = replica.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
                start.SignalAndWait(TestContext.Current.CancellationToken);
                return protector.Protect([1, 2, 3]);
            }, TaskCreationOptions.LongRunning)));

            var keys = (await redis.GetDatabase().ListRangeAsync(ring)).Select(value => XElement.Parse((string)value!)).Where(element => element.Name == "key").ToList();
            Assert.Single(keys);
            var keyId = Guid.Parse((string)keys[0].Attribute("id")!);
            Assert.All(payloads, payload => Assert.Equal(keyId, KeyIdOf(payload)));
            foreach (var replica in replicas)
            {
                var protector = replica.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
                Assert.All(payloads, payload => Assert.Equal([1, 2, 3], protector.Unprotect(payload)));
                await replica.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_replica_started_later_uses_the_key_already_in_Redis_and_stores_none()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(LocalRedisServer.Shared.ConnectionString);
        RedisKey ring = $"SharedKeyRingRepositoryTests:{Guid.NewGuid():N}";
        await using var first = Replica(redis, ring);
        var written = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect([7]);

        await using var later = Replica(redis, ring);
        var laterPayload = later.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect([8]);

        Assert.Equal(1, await redis.GetDatabase().ListLengthAsync(ring));
        Assert.Equal(KeyIdOf(written), KeyIdOf(laterPayload));
    }

    private static ServiceProvider Replica(IConnectionMultiplexer redis, RedisKey ring)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddDataProtection().SetApplicationName("SharedKeyRingRepositoryTests");
        services.Configure<KeyManagementOptions>(options => options.XmlRepository =
            new SharedKeyRingRepository(() => redis.GetDatabase(), ring, TimeProvider.System, NullLogger<SharedKeyRingRepository>.Instance));
        return services.BuildServiceProvider();
    }

    /// <summary>A Data Protection payload: a 4-byte magic header, then the id of the key that protected it.</summary>
    private static Guid KeyIdOf(byte[] payload) => new(payload.AsSpan(4, 16));
}
