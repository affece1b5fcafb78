using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AspireObo.SystemTests.Security;

/// <summary>
/// FrontApi with a certificate instead of a secret (<c>--Front:Credential=CertificateFile</c>): it has no secret at all,
/// Identity.Web signs a client assertion with the certificate, and the OBO exchange still goes through.
/// </summary>
public sealed class CertificateCredentialTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_obo_exchange_works_with_a_client_certificate_and_no_secret()
    {
        await using var system = await RunningSystem.StartAsync(
            new SystemOptions { AppHostArguments = ["--Front:Credential=CertificateFile"] }, Cancellation);

        var environment = await FrontEnvironmentAsync(system);
        Assert.Equal("Path", environment["AzureAd__ClientCredentials__0__SourceType"]);
        Assert.DoesNotContain(environment.Keys, key => key.Contains("ClientSecret", StringComparison.OrdinalIgnoreCase));

        var token = await system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        using var client = system.CreateFrontClient(token);
        using var response = await client.GetAsync("/api/me", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(token.ObjectId, me.GetProperty("oid").GetString());
        Assert.Equal(1, await system.Identity.GetOnBehalfOfCountAsync(token, Cancellation));
    }

    /// <summary>FrontApi's environment as DCP started it (the resource snapshot the dashboard shows).</summary>
    private static async Task<Dictionary<string, string?>> FrontEnvironmentAsync(RunningSystem system)
    {
        await foreach (var update in system.App.ResourceNotifications.WatchAsync(Cancellation))
        {
            if (update.Resource.Name == "front" && update.Snapshot.EnvironmentVariables.Any(variable => variable.Name.StartsWith("AzureAd__", StringComparison.Ordinal)))
            {
                return update.Snapshot.EnvironmentVariables.ToDictionary(variable => variable.Name, variable => variable.Value);
            }
        }

        throw new InvalidOperationException("FrontApi never reported its environment.");
    }
}
