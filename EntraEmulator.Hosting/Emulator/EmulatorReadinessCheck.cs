using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EntraEmulator.Hosting.Emulator;

/// <summary>
/// Healthy means ready: the tenant's OpenID metadata is served and its <c>jwks_uri</c> lists a signing key, which is
/// what a service reads before it can validate one token. Over HTTPS, trusting the emulator's own certificate only
/// (Aspire's HTTP health check would, rightly, refuse a certificate this machine does not trust).
/// </summary>
internal sealed class EmulatorReadinessCheck(EntraEmulatorResource emulator) : IHealthCheck, IDisposable
{
    private HttpClient? _http; // one per certificate: the certificate exists only once the emulator is about to start

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var http = _http ??= new HttpClient(PinnedCertificateHandler.Create(emulator.CertificatePath)) { Timeout = TimeSpan.FromSeconds(5) };
            var baseAddress = new Uri(emulator.HttpsEndpoint.Url);
            var metadata = await http.GetFromJsonAsync<JsonElement>(
                new Uri(baseAddress, $"/{emulator.TenantId}/v2.0/.well-known/openid-configuration"), cancellationToken);
            if (!metadata.TryGetProperty("jwks_uri", out var jwksUri) || jwksUri.GetString() is not { } keysAddress)
            {
                return HealthCheckResult.Unhealthy("The tenant's metadata names no jwks_uri.");
            }

            var keys = await http.GetFromJsonAsync<JsonElement>(keysAddress, cancellationToken);
            return keys.TryGetProperty("keys", out var list) && list.GetArrayLength() > 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The tenant's key set lists no signing key yet.");
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy("The EntraEmulator does not serve its metadata and keys over HTTPS yet.", exception);
        }
    }

    public void Dispose() => _http?.Dispose();
}
