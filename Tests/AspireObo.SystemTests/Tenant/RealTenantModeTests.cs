using System.Net;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AspireObo.SystemTests.Tenant;

/// <summary>
/// With the Microsoft Entra ID parameters set, the AppHost runs the same APIs against the tenant: no emulator
/// resource, no emulator setting in any API, the tenant's identifiers in their <c>AzureAd</c> sections. Without
/// internet the tenant's metadata cannot be loaded, so (healthy meaning ready) DownstreamApi runs but stays unhealthy,
/// saying what it waits for, and still challenges an unauthenticated call; FrontApi, which waits for a healthy
/// DownstreamApi, is checked in the AppHost's model and left waiting.
/// </summary>
public sealed class RealTenantModeTests
{
    /// <summary>A guard against a hung process, not a speed claim: DownstreamApi answers within seconds of running.</summary>
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromMinutes(1);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_Entra_ID_parameters_the_APIs_run_against_the_tenant_without_the_emulator()
    {
        await using var system = await RunningSystem.StartAsync(new SystemOptions
        {
            AppHostArguments = EntraIdTestTenant.Parameters("not-a-real-secret"),
            NotExpectedHealthy = new HashSet<string> { "downstream", "front" },
            ConfigureAppHost = appHost =>
            {
                Assert.DoesNotContain(appHost.Resources, resource => resource.Name == "identity");
                Assert.Empty(appHost.Resources.OfType<EntraEmulator.Hosting.Emulator.EntraEmulatorResource>());
                Assert.DoesNotContain(appHost.Resources.OfType<ProjectResource>(),
                    project => project.GetProjectMetadata().ProjectPath.Contains("EntraEmulator", StringComparison.Ordinal));
            },
        }, Cancellation);

        var downstream = await system.App.ResourceNotifications.WaitForResourceAsync("downstream",
            update => update.Snapshot.State?.Text == KnownResourceStates.Running && !update.Snapshot.EnvironmentVariables.IsEmpty,
            Cancellation);
        var downstreamVariables = downstream.Snapshot.EnvironmentVariables.ToDictionary(variable => variable.Name, variable => variable.Value);
        AssertRealTenantAuthority(downstreamVariables, EntraIdTestTenant.DownstreamApiClientId);
        Assert.Equal(EntraIdTestTenant.FrontApiClientId, downstreamVariables.GetValueOrDefault("AllowedClientApplications__0"));

        // Running against the tenant but not ready: /health says which start-up step it waits for (the tenant's metadata)...
        // (Aspire.Hosting.Testing's clients need a completed start, which waits for FrontApi: the model's endpoint is used.)
        var model = system.App.Services.GetRequiredService<DistributedApplicationModel>();
        using var client = new HttpClient
        {
            BaseAddress = new Uri(model.Resources.OfType<ProjectResource>().Single(resource => resource.Name == "downstream").GetEndpoint("http").Url),
        };
        using var health = await FirstAnswerAsync(client, "/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("authority metadata and signing keys", await health.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);

        // ...and a call without a token is still challenged, not served.
        using var me = await client.GetAsync("/me", Cancellation);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.StartsWith("Bearer", me.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        // FrontApi waits for a healthy DownstreamApi, so it is not started: its configuration is read from the AppHost's model.
        var front = await system.App.ResourceNotifications.WaitForResourceAsync("front",
            update => update.Snapshot.State?.Text == KnownResourceStates.Waiting, Cancellation);
        var frontResource = model.Resources
            .OfType<ProjectResource>().Single(resource => resource.Name == "front");
        var frontConfiguration = await ExecutionConfigurationBuilder.Create(frontResource).WithEnvironmentVariablesConfig()
            .BuildAsync(system.App.Services.GetRequiredService<DistributedApplicationExecutionContext>(), NullLogger.Instance, Cancellation);
        Assert.Null(frontConfiguration.Exception);
        var frontVariables = frontConfiguration.EnvironmentVariables.ToDictionary(variable => variable.Key, variable => (string?)variable.Value);
        AssertRealTenantAuthority(frontVariables, EntraIdTestTenant.FrontApiClientId);
        Assert.Equal("ClientSecret", frontVariables.GetValueOrDefault("AzureAd__ClientCredentials__0__SourceType"));
        Assert.Equal($"api://{EntraIdTestTenant.DownstreamApiClientId}/Todo.Read", frontVariables.GetValueOrDefault("DownstreamApis__DownstreamApi__Scopes__0"));

        Assert.True(system.App.ResourceNotifications.TryGetCurrentState(front.ResourceId, out var frontNow));
        Assert.Equal(KnownResourceStates.Waiting, frontNow.Snapshot.State?.Text);
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

    private static void AssertRealTenantAuthority(IReadOnlyDictionary<string, string?> variables, string clientId)
    {
        Assert.Equal("https://login.microsoftonline.com/", variables.GetValueOrDefault("AzureAd__Instance"));
        Assert.Equal(EntraIdTestTenant.TenantId, variables.GetValueOrDefault("AzureAd__TenantId"));
        Assert.Equal(clientId, variables.GetValueOrDefault("AzureAd__ClientId"));
        Assert.DoesNotContain(variables.Keys, name =>
            name.StartsWith("EntraEmulator__", StringComparison.Ordinal)
            || name.StartsWith("services__identity", StringComparison.Ordinal));
    }

    /// <summary>The first answer of a process that is running but may not listen yet (Aspire's proxy resets the connection until it does).</summary>
    private static async Task<HttpResponseMessage> FirstAnswerAsync(HttpClient client, string path)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        timeout.CancelAfter(AnswerTimeout);
        while (true)
        {
            try
            {
                return await client.GetAsync(path, timeout.Token);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), timeout.Token);
            }
        }
    }
}
