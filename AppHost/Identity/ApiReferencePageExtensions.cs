using Aspire.Hosting.ApplicationModel;
using EntraEmulator.Hosting.Applications;

namespace Aspire.Hosting;

/// <summary>FrontApi's interactive API page (Scalar, Development): a link in the dashboard that works with the emulator.</summary>
public static class ApiReferencePageExtensions
{
    /// <summary>FrontApi serves the page here; it is also the page's OAuth redirect URI (see FrontApi's ApiReferenceExtensions).</summary>
    private const string PagePath = "/scalar/";

    /// <summary>
    /// Shows the page as a link on FrontApi's resource, and registers its exact address as an SPA redirect URI of the
    /// developer client, so "Authorize" on the page can sign a dev user in (code flow with PKCE).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithApiReferencePage(
        this IResourceBuilder<ProjectResource> front, IResourceBuilder<EntraIdApplicationResource> client, string endpointName = "http")
    {
        var endpoint = front.GetEndpoint(endpointName);
        client.WithRedirectUri(ReferenceExpression.Create($"{endpoint}{PagePath}"));

        return front.WithUrlForEndpoint(endpointName, _ => new ResourceUrlAnnotation { Url = PagePath, DisplayText = "Try it: API reference (Scalar)" });
    }
}
