using ServiceDefaults.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Identity.Web;

namespace Microsoft.Extensions.Hosting;

public static class EntraEmulatorTrustExtensions
{
    /// <summary>Set by the AppHost only when the local EntraEmulator is the authority.</summary>
    public const string TrustedCertificatePathKey = "EntraEmulator:TrustedCertificatePath";

    private const string IssuerValidatorHttpClientName = "EntraEmulator";

    /// <summary>
    /// When (and only when) the local EntraEmulator is the configured authority, lets the three HTTP clients that
    /// talk to it trust its certificate: JwtBearer's metadata backchannel, Identity.Web's issuer validator, and MSAL
    /// (the default IHttpClientFactory client). Against a real tenant nothing here is registered.
    /// </summary>
    public static IHostApplicationBuilder AddEntraEmulatorTrust(this IHostApplicationBuilder builder)
    {
        var certificatePath = builder.Configuration[TrustedCertificatePathKey];
        if (string.IsNullOrWhiteSpace(certificatePath))
        {
            return builder;
        }

        if (!builder.Environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"'{TrustedCertificatePathKey}' is set while the environment is '{builder.Environment.EnvironmentName}'. " +
                "Trusting the local EntraEmulator is for development only: remove the setting and configure a " +
                "Microsoft Entra ID tenant in the 'AzureAd' section.");
        }

        if (!File.Exists(certificatePath))
        {
            throw new InvalidOperationException(
                $"The EntraEmulator certificate '{certificatePath}' ({TrustedCertificatePathKey}) does not exist. " +
                "Start the system through the AppHost (dotnet run --project AppHost), which creates it.");
        }

        var instance = builder.Configuration["AzureAd:Instance"];
        if (!Uri.TryCreate(instance, UriKind.Absolute, out var emulatorInstance))
        {
            throw new InvalidOperationException(
                $"'AzureAd:Instance' must be the EntraEmulator's base address (e.g. https://localhost:7180/) when '{TrustedCertificatePathKey}' is set.");
        }

        var validator = EmulatorCertificateValidator.FromFile(certificatePath);

        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.ConfigurePrimaryHttpMessageHandler((handler, _) =>
            {
                switch (handler)
                {
                    case SocketsHttpHandler sockets:
                        validator.Apply(sockets);
                        break;
                    case HttpClientHandler classic:
                        classic.ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) =>
                            validator.Validate(message, certificate, chain, errors);
                        break;
                }
            });
            http.AddHttpMessageHandler(() => new InstanceDiscoveryRedirectHandler(emulatorInstance));
        });

        // Configure, not PostConfigure: JwtBearer builds its Backchannel from this handler in its own PostConfigure.
        builder.Services.ConfigureAll<JwtBearerOptions>(options => options.BackchannelHttpHandler = validator.CreateHandler());
        builder.Services.Configure<AadIssuerValidatorOptions>(options => options.HttpClientName = IssuerValidatorHttpClientName);

        return builder;
    }
}
