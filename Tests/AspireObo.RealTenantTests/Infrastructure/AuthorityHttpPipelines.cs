using System.Net.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;
using ServiceDefaults.Identity;

namespace AspireObo.RealTenantTests.Infrastructure;

/// <summary>
/// What the HTTP clients that reach the authority do, read from a running API's services: the default
/// IHttpClientFactory client (MSAL, through Identity.Web), the issuer validator's client, and JwtBearer's backchannel.
/// </summary>
public sealed record AuthorityHttpPipelines(
    bool RedirectsInstanceDiscovery,
    bool HasCustomCertificateValidation,
    string? IssuerValidatorClientName)
{
    public static AuthorityHttpPipelines Inspect(IServiceProvider services)
    {
        var handlers = services.GetRequiredService<IHttpMessageHandlerFactory>();
        var issuerClientName = services.GetRequiredService<IOptions<AadIssuerValidatorOptions>>().Value.HttpClientName;
        var pipelines = new[] { Options.DefaultName, issuerClientName ?? Options.DefaultName }
            .Select(name => Chain(handlers.CreateHandler(name)).ToList())
            .ToList();

        var backchannel = services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>()
            .Get(JwtBearerDefaults.AuthenticationScheme).BackchannelHttpHandler;

        return new AuthorityHttpPipelines(
            RedirectsInstanceDiscovery: pipelines.Any(chain => chain.OfType<InstanceDiscoveryRedirectHandler>().Any()),
            HasCustomCertificateValidation: pipelines.Any(chain => ValidatesCertificatesItself(chain[^1]))
                || (backchannel is not null && ValidatesCertificatesItself(Chain(backchannel).Last())),
            IssuerValidatorClientName: issuerClientName);
    }

    private static IEnumerable<HttpMessageHandler> Chain(HttpMessageHandler? handler)
    {
        for (; handler is not null; handler = (handler as DelegatingHandler)?.InnerHandler)
        {
            yield return handler;
        }
    }

    private static bool ValidatesCertificatesItself(HttpMessageHandler primary) => primary switch
    {
        SocketsHttpHandler sockets => sockets.SslOptions.RemoteCertificateValidationCallback is RemoteCertificateValidationCallback,
        HttpClientHandler classic => classic.ServerCertificateCustomValidationCallback is not null,
        _ => throw new InvalidOperationException($"Unexpected primary handler {primary.GetType()}."),
    };
}
