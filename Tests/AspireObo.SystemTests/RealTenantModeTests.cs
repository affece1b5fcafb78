using System.Net;
using Aspire.Hosting.ApplicationModel;

namespace AspireObo.SystemTests;

/// <summary>
/// With the Microsoft Entra ID parameters set, the AppHost runs the same APIs against the tenant: no emulator
/// resource, no emulator setting in any API, the tenant's identifiers in their <c>AzureAd</c> sections. (Without
/// internet no token can be had from Entra ID, so the APIs are checked up to their 401 challenge.)
/// </summary>
public sealed class RealTenantModeTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_Entra_ID_parameters_the_APIs_run_against_the_tenant_without_the_emulator()
    {
        await using var system = await RunningSystem.StartAsync(new SystemOptions
        {
            AppHostArguments = EntraIdTestTenant.Parameters("not-a-real-secret"),
            ConfigureAppHost = appHost =>
            {
                Assert.DoesNotContain(appHost.Resources, resource => resource.Name == "identity");
                Assert.DoesNotContain(appHost.Resources.OfType<ProjectResource>(),
                    project => project.GetProjectMetadata().ProjectPath.Contains("EntraEmulator", StringComparison.Ordinal));
            },
        }, Cancellation);
        var downstream = await system.App.ResourceNotifications.WaitForResourceHealthyAsync("downstream", Cancellation);
        var front = await system.App.ResourceNotifications.WaitForResourceHealthyAsync("front", Cancellation);

        AssertRealTenantAuthority(downstream.Snapshot, EntraIdTestTenant.DownstreamApiClientId);
        AssertRealTenantAuthority(front.Snapshot, EntraIdTestTenant.FrontApiClientId);
        Assert.Equal(EntraIdTestTenant.FrontApiClientId, Variable(downstream.Snapshot, "AllowedClientApplications__0"));
        Assert.Equal("ClientSecret", Variable(front.Snapshot, "AzureAd__ClientCredentials__0__SourceType"));
        Assert.Equal($"api://{EntraIdTestTenant.DownstreamApiClientId}/Todo.Read", Variable(front.Snapshot, "DownstreamApis__TodoApi__ReadScopes__0"));

        using var client = system.CreateFrontClient();
        using var response = await client.GetAsync("/api/me", Cancellation);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Some_but_not_all_Entra_ID_parameters_is_a_clear_error()
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
                ["--Redis:Mode=local", $"--Parameters:entra-tenant-id={EntraIdTestTenant.TenantId}"], Cancellation);
            await appHost.DisposeAsync();
        });

        Assert.Contains("Parameters:front-api-client-id", exception.ToString(), StringComparison.Ordinal);
        Assert.Contains("Parameters:downstream-api-client-id", exception.ToString(), StringComparison.Ordinal);
    }

    private static void AssertRealTenantAuthority(CustomResourceSnapshot snapshot, string clientId)
    {
        Assert.Equal("https://login.microsoftonline.com/", Variable(snapshot, "AzureAd__Instance"));
        Assert.Equal(EntraIdTestTenant.TenantId, Variable(snapshot, "AzureAd__TenantId"));
        Assert.Equal(clientId, Variable(snapshot, "AzureAd__ClientId"));
        Assert.DoesNotContain(snapshot.EnvironmentVariables, variable =>
            variable.Name.StartsWith("EntraEmulator__", StringComparison.Ordinal)
            || variable.Name.StartsWith("services__identity", StringComparison.Ordinal));
    }

    private static string? Variable(CustomResourceSnapshot snapshot, string name) =>
        snapshot.EnvironmentVariables.FirstOrDefault(variable => variable.Name == name)?.Value;
}
