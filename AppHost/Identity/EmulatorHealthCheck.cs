using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AspireObo.AppHost.Identity;

/// <summary>
/// Polls the emulator's <c>/health</c> over HTTPS, pinning its generated certificate: Aspire's own HTTP health check
/// would (rightly) refuse a certificate this machine does not trust.
/// </summary>
internal sealed class EmulatorHealthCheck : IHealthCheck, IDisposable
{
    private readonly EndpointReference _endpoint;
    private readonly HttpClient _http;

    public EmulatorHealthCheck(EndpointReference endpoint, string certificatePath)
    {
        _endpoint = endpoint;
        _http = new HttpClient(PinnedCertificateHandler.Create(certificatePath))
        {
            Timeout = TimeSpan.FromSeconds(5),
        };
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(new Uri(_endpoint.Url), "/health"), cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"/health answered {(int)response.StatusCode}.");
        }
        catch (HttpRequestException exception)
        {
            return HealthCheckResult.Unhealthy("The EntraEmulator does not answer over HTTPS yet.", exception);
        }
    }

    public void Dispose() => _http.Dispose();
}
