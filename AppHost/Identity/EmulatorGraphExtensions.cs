using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace AspireObo.AppHost.Identity;

/// <summary>Microsoft Graph in emulator mode: the EntraEmulator serves a Graph-compatible <c>/v1.0/me</c> for its users.</summary>
public static class EmulatorGraphExtensions
{
    /// <summary>
    /// Points FrontApi's Graph client (<c>DownstreamApis:MicrosoftGraph:BaseUrl</c>) at the emulator; against a tenant
    /// FrontApi's default, the real <c>https://graph.microsoft.com/v1.0</c>, stays.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithEmulatorGraph(
        this IResourceBuilder<ProjectResource> api, IResourceBuilder<ProjectResource> emulator) =>
        api.WithEnvironment("DownstreamApis__MicrosoftGraph__BaseUrl", ReferenceExpression.Create($"{emulator.GetEndpoint("https")}/v1.0"));
}
