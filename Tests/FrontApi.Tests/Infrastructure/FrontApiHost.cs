using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FrontApi.Downstream;
using FrontApi.Hardening;
using Microsoft.Identity.Abstractions;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;

namespace FrontApi.Tests.Infrastructure;

/// <summary>
/// FrontApi in process (as dotnet/eShop's functional tests run their services), with its production wiring, except:
/// the provider that acquires tokens from the identity platform is <see cref="Tokens"/>, DownstreamApi's answers come
/// from <see cref="Downstream"/> (under FrontApi's own resilience pipeline), and callers' tokens are signed by
/// <see cref="UserTokens"/>' key, published by <see cref="Authority"/> as the identity platform's metadata.
/// </summary>
public sealed class FrontApiHost : WebApplicationFactory<Program>
{
    private const string AuthorityClientName = "test-authority";

    public FrontApiHost() => Authority = new TestAuthority(UserTokens);

    public UserTokens UserTokens { get; } = new();

    /// <summary>The identity platform's metadata endpoints.</summary>
    public TestAuthority Authority { get; }

    public ScriptedTokenProvider Tokens { get; } = new();

    public ScriptedDownstreamApi Downstream { get; } = new();

    /// <summary>Microsoft Graph's answers (<c>/v1.0/me</c> describes the caller), under FrontApi's own Graph client.</summary>
    public ScriptedDownstreamApi Graph { get; } = new()
    {
        Respond = (request, _) => Task.FromResult(request.RequestUri!.AbsolutePath == "/v1.0/me"
            ? ScriptedDownstreamApi.Json(new { id = ScriptedDownstreamApi.Oid, displayName = "Test User" })
            : new HttpResponseMessage(System.Net.HttpStatusCode.NotFound)),
    };

    /// <summary>The clock of FrontApi's bounded waits (set before the first request), or the system clock.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>
    /// True: FrontApi acquires tokens with Microsoft.Identity.Web and MSAL as in production, from <see cref="Authority"/>'s
    /// token endpoint, through its token cache (L1 memory, L2 the test's Redis). False: <see cref="Tokens"/> stands in.
    /// </summary>
    public bool RealTokenAcquisition { get; init; }

    /// <summary>The hosting environment (Production unless a test needs Development-only behaviour: <c>/health</c> as
    /// under the AppHost, the API page).</summary>
    public string EnvironmentName { get; init; } = "Production";

    /// <summary>More logging (e.g. a test's log collector), on top of FrontApi's own.</summary>
    public Action<Microsoft.Extensions.Logging.ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>Settings on top of the defaults below.</summary>
    public IReadOnlyDictionary<string, string?> ExtraSettings { get; init; } = new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("ApiReference:ClientId", "c3e5a7b9-1d2f-4a6c-8e0b-2d4f6a8c0e1a");
        foreach (var (key, value) in Settings().Concat(ExtraSettings))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            if (ConfigureLogging is not null)
            {
                services.AddLogging(ConfigureLogging);
            }

            // Configure, not PostConfigure: JwtBearer builds its backchannel from this handler in its own PostConfigure.
            services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options => options.BackchannelHttpHandler = Authority);
            services.Configure<AadIssuerValidatorOptions>(options => options.HttpClientName = AuthorityClientName);
            // Microsoft.IdentityModel.Validators keeps one AadIssuerValidator per authority for the whole process, with the
            // HttpClient of the first host that asked. Hosts here come and go (one authority for all), so that client must
            // carry nothing of a host — no resilience pipeline, no service discovery, no logging handler — since those are
            // disposed with their host: later hosts' issuer checks would fail (IDX40001, ObjectDisposedException 'IServiceProvider').
            services.AddHttpClient(AuthorityClientName)
                .ConfigurePrimaryHttpMessageHandler(() => Authority)
                .ConfigureAdditionalHttpMessageHandlers((handlers, _) => handlers.Clear())
                .RemoveAllLoggers();

            // MSAL's client (the default one) reaches the stand-in authority too: the readiness check and real acquisitions.
            services.AddHttpClient(Options.DefaultName).ConfigurePrimaryHttpMessageHandler(() => Authority);
            if (!RealTokenAcquisition)
            {
                services.AddKeyedSingleton<IAuthorizationHeaderProvider>(HardeningExtensions.IdentityWebProviderKey, Tokens);
            }

            services.AddHttpClient<DownstreamApiClient>().ConfigurePrimaryHttpMessageHandler(() => Downstream);
            services.AddHttpClient(FrontApi.Graph.GraphOptions.ApiName).ConfigurePrimaryHttpMessageHandler(() => Graph);
            if (Time is not null)
            {
                services.AddSingleton(Time);
            }
        });
    }

    /// <summary>Starts FrontApi and waits until its readiness steps are done (what <c>/health</c> waits for).</summary>
    public Task WaitUntilReadyAsync() =>
        Eventually.WaitUntilAsync(() => Services.GetRequiredService<ServiceDefaults.Readiness.StartupReadiness>().IsReady);

    /// <summary>A client whose requests carry <paramref name="accessToken"/>.</summary>
    public HttpClient ClientWith(string accessToken)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", accessToken);
        return client;
    }

    private static readonly Lazy<string> ThrowawayKeyEncryptionCertificate = new(() =>
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=FrontApi.Tests key ring encryption", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12));
    });

    private Dictionary<string, string?> Settings() => new()
    {
        ["AzureAd:Instance"] = TestAuthority.Instance,
        ["AzureAd:TenantId"] = UserTokens.TenantId,
        ["AzureAd:ClientId"] = UserTokens.FrontApiClientId,
        ["AzureAd:ClientCredentials:0:SourceType"] = "ClientSecret",
        ["AzureAd:ClientCredentials:0:ClientSecret"] = "in-process-tests-only",
        ["ConnectionStrings:cache"] = LocalRedisServer.Shared.ConnectionString,
        // Production refuses an unprotected key ring: a throwaway key-encryption certificate, as the AppHost hands one over.
        ["DataProtection:KeyEncryptionCertificate:SourceType"] = "Base64Encoded",
        ["DataProtection:KeyEncryptionCertificate:Base64EncodedValue"] = ThrowawayKeyEncryptionCertificate.Value,
        ["DownstreamApis:DownstreamApi:BaseUrl"] = "http://downstream.test",
        ["DownstreamApis:MicrosoftGraph:BaseUrl"] = "https://graph.test/v1.0",
        ["DownstreamApis:DownstreamApi:Scopes:0"] = "api://7b9c1d2e-3f4a-4b5c-8d6e-9f0a1b2c3d4e/Todo.Read",
        ["DownstreamApis:DownstreamApi:Scopes:1"] = "api://7b9c1d2e-3f4a-4b5c-8d6e-9f0a1b2c3d4e/Todo.ReadWrite",
    };
}
