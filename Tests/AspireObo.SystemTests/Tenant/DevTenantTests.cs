using System.Text.Json.Nodes;
using AspireObo.AppHost.Identity;

namespace AspireObo.SystemTests.Tenant;

/// <summary>
/// The development tenant as the AppHost declares it (<see cref="DevelopmentTenant"/>, which the harness's
/// <see cref="DevTenant"/> and <see cref="DevUser"/> read) is the tenant the emulator plays when run on its own
/// (EntraEmulator/appsettings.json, also its in-process tests' tenant), and the one the APIs' own appsettings.json name.
/// No system needed: the files are read.
/// </summary>
public sealed class DevTenantTests
{
    [Fact]
    public void The_harness_ids_are_the_emulators_tenant_and_applications()
    {
        var emulator = Settings("EntraEmulator", "appsettings.json")["EntraEmulator"]!;

        Assert.Equal(DevTenant.TenantId, (string?)emulator["TenantId"]);
        Assert.Equal(DevTenant.FrontApiClientId, (string?)emulator["Applications"]!["FrontApi"]!["ClientId"]);
        Assert.Equal(DevTenant.DownstreamApiClientId, (string?)emulator["Applications"]!["DownstreamApi"]!["ClientId"]);
        Assert.Equal(DevTenant.DevClientId, (string?)emulator["Applications"]!["DevClient"]!["ClientId"]);
    }

    [Fact]
    public void The_declared_users_are_the_emulators_development_users()
    {
        var users = Settings("EntraEmulator", "appsettings.json")["EntraEmulator"]!["Users"]!;

        foreach (var user in new[] { DevelopmentTenant.Alice, DevelopmentTenant.Bob, DevelopmentTenant.Dana })
        {
            var settings = users[user.Name]!;
            Assert.Equal(user.ObjectId, (string?)settings["ObjectId"]);
            Assert.Equal(user.UserPrincipalName, (string?)settings["UserPrincipalName"]);
            Assert.Equal(user.Password, (string?)settings["Password"]);
            Assert.Equal(user.DisplayName, (string?)settings["DisplayName"]);
        }
    }

    [Fact]
    public void The_APIs_appsettings_name_the_same_tenant_and_applications()
    {
        var front = Settings("FrontApi", "appsettings.json");
        var downstream = Settings("DownstreamApi", "appsettings.json");

        Assert.Equal(DevTenant.TenantId, (string?)front["AzureAd"]!["TenantId"]);
        Assert.Equal(DevTenant.FrontApiClientId, (string?)front["AzureAd"]!["ClientId"]);
        Assert.Equal(DevTenant.DownstreamReadScope, (string?)front["DownstreamApis"]!["DownstreamApi"]!["Scopes"]![0]);
        Assert.Equal($"api://{DevTenant.DownstreamApiClientId}/Todo.ReadWrite", (string?)front["DownstreamApis"]!["DownstreamApi"]!["Scopes"]![1]);
        Assert.Equal(DevTenant.DevClientId, (string?)Settings("FrontApi", "appsettings.Development.json")["ApiReference"]!["ClientId"]);

        Assert.Equal(DevTenant.TenantId, (string?)downstream["AzureAd"]!["TenantId"]);
        Assert.Equal(DevTenant.DownstreamApiClientId, (string?)downstream["AzureAd"]!["ClientId"]);
        Assert.Equal([DevTenant.FrontApiClientId], downstream["AllowedClientApplications"]!.AsArray().Select(id => (string?)id));
    }

    private static JsonNode Settings(params string[] relativePath) =>
        JsonNode.Parse(File.ReadAllText(Repository.File(relativePath)))
            ?? throw new InvalidOperationException($"{Path.Combine(relativePath)} is empty.");
}
