using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using AspireObo.AppHost.Identity;

namespace AspireObo.AppHost.Dashboard;

/// <summary>
/// The AppHost's calls to the EntraEmulator on a developer's behalf: its development-only fault switch
/// (<c>/_emulator/faults</c>) and a dev user's sign-in (password grant with the developer client).
/// </summary>
internal sealed class EmulatorClient(EndpointReference endpoint, string certificatePath) : IDisposable
{
    private readonly HttpClient _http = new(PinnedCertificateHandler.Create(certificatePath)) { Timeout = TimeSpan.FromSeconds(10) };

    public static EmulatorClient For(IResourceBuilder<ProjectResource> emulator) =>
        new(emulator.GetEndpoint("https"),
            emulator.Resource.Annotations.OfType<EntraEmulatorBuilderExtensions.EmulatorCertificateAnnotation>().Single().CertificatePath);

    private Uri Address(string path) => new(new Uri(endpoint.Url), path);

    /// <summary>PUT a token-endpoint fault (see EntraEmulator/Faults/TokenEndpointFault.cs).</summary>
    public Task SetTokenEndpointFaultAsync(object fault, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, "/_emulator/faults", fault, cancellationToken);

    public Task RequireMfaAsync(string userName, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, "/_emulator/faults/mfa", new { user = userName }, cancellationToken);

    public Task ClearFaultsAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, "/_emulator/faults", body: null, cancellationToken);

    /// <summary>A FrontApi access token for the dev user, as a client app signing them in would get it.</summary>
    public async Task<string> GetFrontApiTokenAsync(DevelopmentUsers.User user, CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = DevelopmentIdentities.DevClientId,
            ["scope"] = $"api://{DevelopmentIdentities.FrontApiClientId}/access_as_user",
            ["username"] = user.Name,
            ["password"] = user.Password,
        });
        using var response = await _http.PostAsync(Address($"/{DevelopmentIdentities.TenantId}/oauth2/v2.0/token"), form, cancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        if (!response.IsSuccessStatusCode)
        {
            // Entra's error shape: error_description starts with the AADSTS code, never carries a token.
            throw new InvalidOperationException(body.RootElement.TryGetProperty("error_description", out var description)
                ? description.GetString() : $"The token endpoint answered {(int)response.StatusCode}.");
        }

        return body.RootElement.GetProperty("access_token").GetString()!;
    }

    private async Task SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, Address(path)) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-Emulator-Control", "1"); // the emulator's rule for state-changing /_emulator requests (no web page can send it)
        using var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    public void Dispose() => _http.Dispose();
}
