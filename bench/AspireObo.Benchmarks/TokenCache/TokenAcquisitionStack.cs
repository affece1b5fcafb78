using System.Security.Claims;
using AspireObo.Testing;
using FrontApi.OnBehalfOf;
using FrontApi.TokenCache;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Identity.Abstractions;
using Microsoft.Identity.Web;
using Microsoft.Identity.Web.TokenCacheProviders.Distributed;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AspireObo.Benchmarks.TokenCache;

/// <summary>
/// FrontApi's own token acquisition, built in process with FrontApi's wiring (<c>AddOnBehalfOfAuthentication</c>,
/// <c>AddRedisTokenCache</c>: Microsoft.Identity.Web, L1 memory + encrypted L2 Redis) against a running system's
/// emulator and Redis. With <c>l1Disabled</c> every read goes to Redis, as for a replica whose L1 has never seen the
/// token; <c>encrypted: false</c> (a diagnostic, never FrontApi's setting) shows what Data Protection costs, in its
/// own Redis key space.
/// </summary>
public sealed class TokenAcquisitionStack : IDisposable
{
    private readonly IHost _host;
    private readonly IServiceScope _scope;

    public TokenAcquisitionStack(RunningSystem system, string frontApiClientSecret, string redisConnectionString, bool l1Disabled, bool encrypted = true)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = Environments.Development, // the emulator's certificate is trusted in development only
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureAd:Instance"] = system.EmulatorAddress.ToString(),
            ["AzureAd:TenantId"] = DevTenant.TenantId,
            ["AzureAd:ClientId"] = DevTenant.FrontApiClientId,
            ["AzureAd:ClientCredentials:0:SourceType"] = "ClientSecret",
            ["AzureAd:ClientCredentials:0:ClientSecret"] = frontApiClientSecret,
            ["EntraEmulator:TrustedCertificatePath"] = system.EmulatorCertificatePath,
            [$"ConnectionStrings:{FrontApi.TokenCache.TokenCacheExtensions.RedisResourceName}"] = redisConnectionString,
            // Room for the "100,000 cached tokens" measurement (ScaledL1) beside the 10,000 real ones.
            ["TokenCache:L1:MaxPartitions"] = "200000",
        });

        builder.AddOnBehalfOfAuthentication();
        builder.AddRedisTokenCache();
        builder.Services.Configure<MsalDistributedTokenCacheAdapterOptions>(options =>
        {
            options.DisableL1Cache = l1Disabled;
            options.Encrypt = encrypted;
        });
        if (!encrypted)
        {
            builder.Services.Configure<RedisCacheOptions>(options => options.InstanceName = "AspireObo:Bench:UnencryptedTokenCache:");
        }

        builder.Logging.AddFilter(_ => false);

        _host = builder.Build();
        _scope = _host.Services.CreateScope();
        Headers = _scope.ServiceProvider.GetRequiredService<IAuthorizationHeaderProvider>();
    }

    public IAuthorizationHeaderProvider Headers { get; }

    /// <summary>FrontApi's L1 in this stack.</summary>
    public ResidentPartitionTokenCache L1 => _host.Services.GetRequiredService<ResidentPartitionTokenCache>();

    public IServiceProvider Services => _host.Services;

    /// <summary>The caller as FrontApi sees it after validating its token: the token itself is the OBO assertion.</summary>
    public static ClaimsPrincipal CallerOf(string userToken)
    {
        var token = new JsonWebToken(userToken);
        return new ClaimsPrincipal(new CaseSensitiveClaimsIdentity(token.Claims, "Bearer") { BootstrapContext = token });
    }

    public void Dispose()
    {
        _scope.Dispose();
        _host.Dispose();
    }
}
