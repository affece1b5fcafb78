using System.Security.Claims;
using AspireObo.Testing;
using FrontApi.Hardening;
using FrontApi.OnBehalfOf;
using FrontApi.TokenCache;
using Microsoft.AspNetCore.Http;
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
/// FrontApi's own token acquisition, built in process with FrontApi's wiring (Identity.Web's chain as FrontApi's
/// Program.cs has it, <c>AddRedisTokenCache</c>: L1 memory + encrypted L2 Redis, and <c>AddTokenAcquisitionHardening</c>) against a running system's
/// emulator and Redis. With <c>l1Disabled</c> every read goes to Redis, as for a replica whose L1 has never seen the
/// token; <c>encrypted: false</c> (a diagnostic, never FrontApi's setting) shows what Data Protection costs, in its
/// own Redis key space; <c>identityWebAdapter: true</c> serves MSAL's cache with Identity.Web's own adapter (its L1, its L2
/// reads) instead of FrontApi's <see cref="ResidentPartitionTokenCache"/>: the row without FrontApi's token-cache parts.
/// </summary>
public sealed class TokenAcquisitionStack : IDisposable
{
    private readonly IHost _host;
    private readonly IServiceScope _scope;
    private readonly IHttpContextAccessor _httpContextAccessor;

    public TokenAcquisitionStack(RunningSystem system, string frontApiClientSecret, string redisConnectionString, bool l1Disabled, bool encrypted = true, bool identityWebAdapter = false)
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
            [FrontApi.TokenCache.TokenCacheExtensions.ResidentPartitionsKey] = identityWebAdapter ? "false" : "true",
        });

        builder.AddProtectedWebApi()
            .EnableTokenAcquisitionToCallDownstreamApi()
            .AddDistributedTokenCaches();
        builder.AddAccessAsUserPolicy();
        builder.AddRedisTokenCache();
        builder.AddTokenAcquisitionHardening();
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
        Headers = _scope.ServiceProvider.GetRequiredKeyedService<IAuthorizationHeaderProvider>(HardeningExtensions.IdentityWebProviderKey);
        FrontApiTokens = _scope.ServiceProvider.GetRequiredService<IAuthorizationHeaderProvider>();
        _httpContextAccessor = _host.Services.GetRequiredService<IHttpContextAccessor>();
    }

    /// <summary>Microsoft.Identity.Web's own call, as the hardening decorator makes it when it asks Identity.Web.</summary>
    public IAuthorizationHeaderProvider Headers { get; }

    /// <summary>
    /// FrontApi's per-request call (<see cref="IAuthorizationHeaderProvider"/>, decorated by FrontApi's hardening layer): the
    /// header MSAL last returned while MSAL would still serve it, otherwise single flight and Identity.Web. It reads the
    /// caller from the current request: see <see cref="ActAs"/>.
    /// </summary>
    public IAuthorizationHeaderProvider FrontApiTokens { get; }

    /// <summary>
    /// Makes <paramref name="caller"/> the current request's caller for <see cref="FrontApiTokens"/>, as FrontApi's
    /// authentication leaves it: the validated principal and the bearer token it came with. Flows with the async call.
    /// </summary>
    public void ActAs(ClaimsPrincipal caller)
    {
        var context = new DefaultHttpContext { User = caller };
        context.Request.Scheme = "https"; // Identity.Web derives its (unused here) redirect URI from the request
        context.Request.Host = new HostString("front.localhost");
        context.Request.Headers.Authorization = "Bearer " + ((JsonWebToken)((CaseSensitiveClaimsIdentity)caller.Identity!).BootstrapContext!).EncodedToken;
        _httpContextAccessor.HttpContext = context;
    }

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
