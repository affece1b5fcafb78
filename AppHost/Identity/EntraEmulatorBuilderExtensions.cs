using Aspire.Hosting.ApplicationModel;
using AspireObo.AppHost;
using AspireObo.AppHost.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>The local EntraEmulator as the authority, and the APIs wired to it.</summary>
public static class EntraEmulatorBuilderExtensions
{
    private const string HttpsEndpointName = "https";

    /// <summary>Starts the EntraEmulator over HTTPS with a certificate generated for this machine.</summary>
    public static IResourceBuilder<ProjectResource> AddEntraEmulator(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource> frontApiClientSecret)
    {
        var dataDirectory = builder.Configuration["EntraEmulator:DataDirectory"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(AppHostPaths.DataRoot, "EntraEmulator");
        var certificate = EmulatorCertificate.EnsureCreated(dataDirectory);

        var emulator = builder.AddProject<Projects.EntraEmulator>(name, launchProfileName: HttpsEndpointName);
        var endpoint = emulator.GetEndpoint(HttpsEndpointName);

        // Development only: N numbered users (user001…) for load tests, see EntraEmulator/Options/LoadTestUsers.cs.
        if (builder.Configuration["EntraEmulator:LoadTestUsers"] is { Length: > 0 } loadTestUsers)
        {
            emulator.WithEnvironment("EntraEmulator__LoadTestUsers", loadTestUsers);
        }

        return emulator
            .WithEnvironment("Kestrel__Certificates__Default__Path", certificate.CertificatePath)
            .WithEnvironment("Kestrel__Certificates__Default__KeyPath", certificate.PrivateKeyPath)
            .WithEnvironment("EntraEmulator__Instance", ReferenceExpression.Create($"{endpoint}/"))
            .WithEnvironment("EntraEmulator__DataDirectory", dataDirectory)
            .WithEnvironment("EntraEmulator__TenantId", DevelopmentIdentities.TenantId)
            .WithEnvironment("EntraEmulator__Applications__FrontApi__ClientId", DevelopmentIdentities.FrontApiClientId)
            .WithEnvironment("EntraEmulator__Applications__FrontApi__ClientSecret", frontApiClientSecret)
            .WithEnvironment("EntraEmulator__Applications__DownstreamApi__ClientId", DevelopmentIdentities.DownstreamApiClientId)
            .WithEnvironment("EntraEmulator__Applications__DevClient__ClientId", DevelopmentIdentities.DevClientId)
            .WithAnnotation(new EmulatorCertificateAnnotation(certificate.CertificatePath))
            .WithEmulatorHealthCheck(builder, endpoint, certificate.CertificatePath);
    }

    /// <summary>
    /// Points an API's <c>AzureAd</c> section at the emulator and lets it trust the emulator's certificate
    /// (that certificate only, development only).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithEmulatorAuthority(
        this IResourceBuilder<ProjectResource> api, IResourceBuilder<ProjectResource> emulator, string clientId)
    {
        var certificatePath = emulator.Resource.Annotations.OfType<EmulatorCertificateAnnotation>().Single().CertificatePath;
        var endpoint = emulator.GetEndpoint(HttpsEndpointName);

        return api
            .WithEnvironment("AzureAd__Instance", ReferenceExpression.Create($"{endpoint}/"))
            .WithEnvironment("AzureAd__TenantId", DevelopmentIdentities.TenantId)
            .WithEnvironment("AzureAd__ClientId", clientId)
            .WithEnvironment("EntraEmulator__TrustedCertificatePath", certificatePath)
            .WithReference(emulator)
            .WaitFor(emulator);
    }

    private static IResourceBuilder<ProjectResource> WithEmulatorHealthCheck(this IResourceBuilder<ProjectResource> emulator,
        IDistributedApplicationBuilder builder, EndpointReference endpoint, string certificatePath)
    {
        var key = $"{emulator.Resource.Name}_https_health";
        var check = new EmulatorHealthCheck(endpoint, certificatePath); // one instance: one connection pool
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(key, check, failureStatus: null, tags: null));
        return emulator.WithHealthCheck(key);
    }

    internal sealed record EmulatorCertificateAnnotation(string CertificatePath) : IResourceAnnotation;
}
