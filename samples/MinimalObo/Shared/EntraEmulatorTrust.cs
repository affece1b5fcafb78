using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Identity.Web;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Development only. When the AppHost makes the local EntraEmulator the authority, it sets
/// <c>EntraEmulator:TrustedCertificatePath</c> (never against a real tenant); then the three HTTP clients that reach the
/// authority trust that one certificate on top of the machine's trust: MSAL's (the default IHttpClientFactory client),
/// JwtBearer's metadata backchannel and Identity.Web's issuer validator. MSAL's instance-discovery call, which would go
/// to login.microsoftonline.com, goes to the emulator (it answers as Entra does). Nothing else is relaxed.
/// </summary>
public static class EntraEmulatorTrust
{
    public static IHostApplicationBuilder AddEntraEmulatorTrust(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration["EntraEmulator:TrustedCertificatePath"] is not { Length: > 0 } certificatePath)
        {
            return builder;
        }

        if (!builder.Environment.IsDevelopment())
        {
            throw new InvalidOperationException("EntraEmulator:TrustedCertificatePath is for development only: configure a real tenant in AzureAd.");
        }

        var emulatorCertificate = X509CertificateLoader.LoadCertificateFromFile(certificatePath);
        var emulator = new Uri(builder.Configuration["AzureAd:Instance"]!);
        SocketsHttpHandler Trusting() => new() { SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusts(certificate, errors) } };

        bool Trusts(X509Certificate? certificate, SslPolicyErrors errors)
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            if (certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
            {
                return false; // a name mismatch is never forgiven
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(emulatorCertificate);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        }

        builder.Services.ConfigureHttpClientDefaults(http => http
            .ConfigurePrimaryHttpMessageHandler(Trusting)
            .AddHttpMessageHandler(() => new InstanceDiscoveryRedirect(emulator)));
        builder.Services.ConfigureAll<JwtBearerOptions>(options => options.BackchannelHttpHandler = Trusting());
        builder.Services.Configure<AadIssuerValidatorOptions>(options => options.HttpClientName = "EntraEmulator");
        return builder;
    }

    private sealed class InstanceDiscoveryRedirect(Uri emulator) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri is { Host: "login.microsoftonline.com", AbsolutePath: "/common/discovery/instance" } uri)
            {
                request.RequestUri = new UriBuilder(emulator) { Path = uri.AbsolutePath, Query = uri.Query.TrimStart('?') }.Uri;
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
