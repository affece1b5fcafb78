using FrontApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ServiceDefaults.Readiness;

namespace FrontApi.Tests;

/// <summary>
/// Healthy means ready: FrontApi's health stays unhealthy, naming what it waits for, until the authority's metadata and
/// keys are loaded, MSAL has resolved the authority and reached the token endpoint, and Redis is connected.
/// </summary>
public sealed class ReadinessTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FrontApi_becomes_healthy_once_metadata_MSAL_and_Redis_are_ready()
    {
        using var host = new FrontApiHost { RealTokenAcquisition = true };
        var health = host.Services.GetRequiredService<HealthCheckService>();

        await Eventually.WaitUntilAsync(() => host.Services.GetRequiredService<StartupReadiness>().IsReady);
        var report = await health.CheckHealthAsync(Cancellation);

        Assert.Equal(HealthStatus.Healthy, report.Entries[ReadinessHealthCheck.Name].Status);
        Assert.Contains(host.Authority.Requests, path => path.EndsWith("/discovery/v2.0/keys", StringComparison.Ordinal));
        Assert.Contains(host.Authority.TokenRequests, form => form["grant_type"] == "client_credentials");
    }

    [Fact]
    public async Task The_health_endpoint_answers_503_naming_what_it_waits_for_then_200()
    {
        var refuse = true;
        using var host = new FrontApiHost { RealTokenAcquisition = true, EnvironmentName = "Development" };
        host.Authority.TokenEndpoint = (form, _) => Task.FromResult(refuse
            ? TestAuthority.Error(System.Net.HttpStatusCode.Unauthorized, "invalid_client", "AADSTS7000215: Invalid client secret provided.")
            : host.Authority.Issue(form));
        using var client = host.CreateClient();

        await Eventually.WaitUntilAsync(() => host.Authority.TokenRequests.Count >= 1);
        using (var notReady = await client.GetAsync("/health", Cancellation))
        {
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            var body = await notReady.Content.ReadAsStringAsync(Cancellation);
            Assert.Contains("token acquisition (MSAL client, authority, token endpoint)", body, StringComparison.Ordinal);
            Assert.Contains("MsalServiceException", body, StringComparison.Ordinal);
        }

        refuse = false;
        await host.WaitUntilReadyAsync();
        using var ready = await client.GetAsync("/health", Cancellation);
        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task While_the_token_endpoint_refuses_FrontApi_health_says_what_it_waits_for()
    {
        using var host = new FrontApiHost { RealTokenAcquisition = true };
        host.Authority.TokenEndpoint = (_, _) => Task.FromResult(TestAuthority.Error(System.Net.HttpStatusCode.Unauthorized, "invalid_client",
            "AADSTS7000215: Invalid client secret provided."));
        var health = host.Services.GetRequiredService<HealthCheckService>();

        await Eventually.WaitUntilAsync(() => host.Authority.TokenRequests.Count >= 2); // failed, and retried
        var report = await health.CheckHealthAsync(Cancellation);

        var ready = report.Entries[ReadinessHealthCheck.Name];
        Assert.Equal(HealthStatus.Unhealthy, ready.Status);
        Assert.Contains("token acquisition", ready.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("AADSTS", ready.Description, StringComparison.Ordinal);
    }
}
