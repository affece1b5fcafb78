using Aspire.Hosting.ApplicationModel;
using AspireObo.AppHost.Identity;

namespace Aspire.Hosting;

/// <summary>
/// FrontApi's credential for the OBO exchange in emulator mode (<c>Front:Credential</c>): <c>ClientSecret</c>
/// (default: the secret generated per run) or <c>CertificateFile</c> (a development certificate; FrontApi then has no
/// secret at all, and the emulator knows only the public certificate).
/// </summary>
public static class EmulatorFrontApiCredentialExtensions
{
    public static IResourceBuilder<ProjectResource> WithEmulatorFrontApiCredential(
        this IResourceBuilder<ProjectResource> front,
        IResourceBuilder<ProjectResource> emulator,
        IResourceBuilder<ParameterResource> clientSecret,
        FrontApiCredential credential)
    {
        if (credential != FrontApiCredential.CertificateFile)
        {
            return front
                .WithEnvironment("AzureAd__ClientCredentials__0__SourceType", "ClientSecret")
                .WithEnvironment("AzureAd__ClientCredentials__0__ClientSecret", clientSecret);
        }

        var certificate = ClientCertificate.EnsureCreated(EmulatorDataDirectory(emulator), "front-client");
        emulator.WithEnvironment("EntraEmulator__Applications__FrontApi__ClientCertificatePath", certificate.CertificatePath);

        return front
            .WithEnvironment("AzureAd__ClientCredentials__0__SourceType", "Path")
            .WithEnvironment("AzureAd__ClientCredentials__0__CertificateDiskPath", certificate.PfxPath);
    }

    private static string EmulatorDataDirectory(IResourceBuilder<ProjectResource> emulator) =>
        Path.GetDirectoryName(emulator.Resource.Annotations.OfType<EntraEmulatorBuilderExtensions.EmulatorCertificateAnnotation>().Single().CertificatePath)!;
}
