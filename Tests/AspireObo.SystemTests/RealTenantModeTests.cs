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
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_Entra_ID_parameters_the_APIs_run_against_the_tenant_without_the_emulator()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        timeout.CancelAfter(StartTimeout);
        var dataDirectory = Directory.CreateTempSubdirectory("aspireobo-tests-");
        try
        {
            var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
                new DistributedApplicationTestingBuilderOptions { EnableDashboard = true },
                ["--Redis:Mode=local", $"--Redis:DataDirectory={dataDirectory.FullName}", "--DcpPublisher:WaitForResourceCleanup=false", .. EntraIdTestTenant.Parameters("not-a-real-secret")],
                timeout.Token);

            Assert.DoesNotContain(appHost.Resources, resource => resource.Name == "identity");
            Assert.DoesNotContain(appHost.Resources.OfType<ProjectResource>(),
                project => project.GetProjectMetadata().ProjectPath.Contains("EntraEmulator", StringComparison.Ordinal));

            await using var app = await appHost.BuildAsync(timeout.Token);
            await app.StartAsync(timeout.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("cache", timeout.Token);
            var downstream = await app.ResourceNotifications.WaitForResourceHealthyAsync("downstream", timeout.Token);
            var front = await app.ResourceNotifications.WaitForResourceHealthyAsync("front", timeout.Token);

            AssertRealTenantAuthority(downstream.Snapshot, EntraIdTestTenant.DownstreamApiClientId);
            AssertRealTenantAuthority(front.Snapshot, EntraIdTestTenant.FrontApiClientId);
            Assert.Equal(EntraIdTestTenant.FrontApiClientId, Variable(downstream.Snapshot, "AllowedClientApplications__0"));
            Assert.Equal("ClientSecret", Variable(front.Snapshot, "AzureAd__ClientCredentials__0__SourceType"));
            Assert.Equal($"api://{EntraIdTestTenant.DownstreamApiClientId}/Todo.Read", Variable(front.Snapshot, "DownstreamApis__TodoApi__ReadScopes__0"));

            using var client = app.CreateHttpClient("front", "http");
            using var response = await client.GetAsync("/api/me", timeout.Token);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            TryDelete(dataDirectory);
        }
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

    private static void TryDelete(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Redis may still be flushing; the temp folder is the OS's to clean then.
        }
    }
}
