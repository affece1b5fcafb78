using System.Net.Http.Json;
using System.Text.Json;
using EntraEmulator.Hosting.Emulator;

namespace EntraEmulator.Hosting.Dashboard;

/// <summary>
/// The AppHost's calls to the EntraEmulator on a developer's behalf: its development-only fault switch
/// (<c>/_emulator/faults</c>) and a development user's sign-in (password grant with a public client).
/// </summary>
internal sealed class EmulatorClient(EntraEmulatorResource emulator) : IDisposable
{
    private HttpClient? _http; // the certificate exists only once the emulator is about to start

    private HttpClient Http => _http ??= new HttpClient(PinnedCertificateHandler.Create(emulator.CertificatePath)) { Timeout = TimeSpan.FromSeconds(10) };

    private Uri Address(string path) => new(new Uri(emulator.HttpsEndpoint.Url), path);

    /// <summary>PUT a token-endpoint fault (see EntraEmulator/Faults/TokenEndpointFault.cs).</summary>
    public Task SetTokenEndpointFaultAsync(object fault, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, "/_emulator/faults", fault, cancellationToken);

    public Task RequireMfaAsync(string userName, IReadOnlyList<string> applications, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, "/_emulator/faults/mfa", new { user = userName, applications }, cancellationToken);

    public Task ClearFaultsAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, "/_emulator/faults", body: null, cancellationToken);

    /// <summary>An access token for <paramref name="scope"/>, as a public client signing the user in would get it.</summary>
    public async Task<string> GetUserTokenAsync(EntraEmulatorUser user, string clientId, string scope, CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = clientId,
            ["scope"] = scope,
            ["username"] = user.Name,
            ["password"] = user.Password ?? "",
        });
        using var response = await Http.PostAsync(Address($"/{emulator.TenantId}/oauth2/v2.0/token"), form, cancellationToken);
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
        using var response = await Http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    public void Dispose() => _http?.Dispose();
}
