using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;
using Microsoft.Identity.Web.TokenCacheProviders;
using Microsoft.Identity.Web.TokenCacheProviders.Distributed;
using ServiceDefaults.Readiness;
using ServiceDefaults.Redis;
using StackExchange.Redis;

namespace FrontApi.TokenCache;

public static class TokenCacheExtensions
{
    /// <summary>Measurement only: false serves MSAL's cache with Identity.Web's own adapter instead of <see cref="ResidentPartitionTokenCache"/>.</summary>
    public const string ResidentPartitionsKey = "TokenCache:ResidentPartitions";

    /// <summary>Name of the Redis resource in the AppHost; its connection string is <c>ConnectionStrings:cache</c>.</summary>
    public const string RedisResourceName = "cache";

    private const string TokenCacheKeyPrefix = "AspireObo:FrontApi:TokenCache:";
    private const string DataProtectionKeysKey = "AspireObo:FrontApi:DataProtection-Keys";
    private const string DataProtectionApplicationName = "AspireObo.FrontApi";
    private const string KeyRingConnectionKey = "cache-keyring";

    // Give up within seconds while Redis is away (ServiceDefaults/Redis). Identity.Web then carries on with its L1
    // (memory) cache and logs the L2 failure, so requests still succeed.
    private static readonly TimeSpan RedisTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// MSAL's token cache: L1 in memory (<see cref="ResidentPartitionTokenCache"/>, bounded by <c>TokenCache:L1</c>), L2 in
    /// Redis (shared by all replicas), encrypted with Data Protection whose
    /// keys also live in Redis, so any replica can read what another wrote; those keys are themselves encrypted with a
    /// certificate that is not in Redis (<see cref="KeyRingProtectionExtensions"/>). Redis is Aspire's connection, so its
    /// health check and tracing cover the cache too.
    /// </summary>
    public static IHostApplicationBuilder AddRedisTokenCache(this IHostApplicationBuilder builder)
    {
        // Every token-cache and job command is async: its replies are read on the thread pool, without the hop through
        // StackExchange.Redis's dedicated reader threads (~45 µs of each L2 hit, docs/benchmarks.md).
        builder.AddRedisClient(RedisResourceName, configureOptions: options =>
        {
            SetFailureBounds(options);
            options.SocketManager = SocketManager.ThreadPool;
        });

        // Data Protection reads and writes its key ring synchronously: on a connection of its own, whose dedicated reader
        // threads complete those calls even when every thread-pool thread is busy. Redis's health is checked once, above.
        builder.AddKeyedRedisClient(KeyRingConnectionKey, settings =>
        {
            settings.ConnectionString = builder.Configuration.GetConnectionString(RedisResourceName);
            settings.DisableHealthChecks = true;
        }, SetFailureBounds);

        builder.ReportRedisOutageAsDegraded();
        builder.Services.AddReadinessStep<TokenCacheReadiness>();
        builder.Services.AddStackExchangeRedisCache(_ => { });
        builder.Services.AddOptions<RedisCacheOptions>()
            .Configure<IServiceProvider>((options, services) =>
            {
                options.InstanceName = TokenCacheKeyPrefix;
                options.ConnectionMultiplexerFactory = () => Task.FromResult(services.GetRequiredService<IConnectionMultiplexer>());
            });

        // Cache entries hold refresh and access tokens: never store them in clear text.
        builder.Services.Configure<MsalDistributedTokenCacheAdapterOptions>(options => options.Encrypt = true);
        builder.Services.AddOptions<TokenCacheL1Options>()
            .BindConfiguration(TokenCacheL1Options.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(services => new RedisTokenCacheStore(
            services.GetRequiredService<IDistributedCache>(),
            services.GetRequiredService<IOptions<MsalDistributedTokenCacheAdapterOptions>>().Value,
            services.GetRequiredService<ILogger<MsalDistributedTokenCacheAdapter>>(),
            services));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ResidentPartitionTokenCache>();
        builder.Services.AddSingleton<UnreadableEntries>();
        builder.Services.AddHealthChecks().AddCheck<UnreadableEntries>(UnreadableEntries.HealthCheckName);

        // One MSAL application, hence one in-memory cache, for the process: Identity.Web's token acquisition is scoped by
        // default in a web API, which builds a new application (and an empty MSAL cache) for every request, so nothing
        // could stay loaded between requests. Identity.Web's documented switch; the caller still comes from the request.
        builder.Services.AddTokenAcquisition(isTokenAcquisitionSingleton: true);
        // MSAL's cache provider: ResidentPartitionTokenCache, or — measurement only — Identity.Web's own adapter
        // (MsalDistributedTokenCacheAdapter with its L1), the benchmark's row beside it (docs/benchmarks.md).
        if (builder.Configuration.GetValue(ResidentPartitionsKey, defaultValue: true))
        {
            builder.Services.Replace(ServiceDescriptor.Singleton<IMsalTokenCacheProvider>(services => services.GetRequiredService<ResidentPartitionTokenCache>()));
        }

        // AES-256-GCM rather than the default AES-256-CBC + HMACSHA256: authenticated in one pass, half the time per
        // token-cache entry (docs/benchmarks.md). Keys created before keep their own algorithm and stay readable.
        builder.Services.AddDataProtection()
            .SetApplicationName(DataProtectionApplicationName)
            .UseCryptographicAlgorithms(new AuthenticatedEncryptorConfiguration { EncryptionAlgorithm = EncryptionAlgorithm.AES_256_GCM })
            .ProtectKeysAtRest(builder);
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<IServiceProvider>((options, services) =>
            {
                // Replicas started together agree on one first key (SharedKeyRingRepository): otherwise each may use its own.
                var redis = services.GetRequiredKeyedService<IConnectionMultiplexer>(KeyRingConnectionKey);
                options.XmlRepository = new SharedKeyRingRepository(() => redis.GetDatabase(), DataProtectionKeysKey,
                    services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<SharedKeyRingRepository>>());
            });

        return builder;
    }

    private static void SetFailureBounds(ConfigurationOptions options) => options.SetOutageBounds(RedisTimeout);
}
