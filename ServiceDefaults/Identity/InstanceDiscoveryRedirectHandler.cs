namespace ServiceDefaults.Identity;

/// <summary>
/// MSAL asks login.microsoftonline.com to validate any authority host it does not know. Online, Entra answers
/// <c>invalid_instance</c> for the emulator's host and MSAL gives up, so in emulator mode (development only) that
/// single call is sent to the emulator, which answers it the way Entra does.
/// </summary>
public sealed class InstanceDiscoveryRedirectHandler(Uri emulatorInstance) : DelegatingHandler
{
    private const string EntraHost = "login.microsoftonline.com";
    private const string InstanceDiscoveryPath = "/common/discovery/instance";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri
            && string.Equals(uri.Host, EntraHost, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.AbsolutePath, InstanceDiscoveryPath, StringComparison.OrdinalIgnoreCase))
        {
            request.RequestUri = new UriBuilder(emulatorInstance)
            {
                Path = InstanceDiscoveryPath,
                Query = uri.Query.TrimStart('?'),
            }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
