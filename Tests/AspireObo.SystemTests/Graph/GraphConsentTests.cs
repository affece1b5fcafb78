using System.Net;
using System.Text.Json;

namespace AspireObo.SystemTests.Graph;

/// <summary>FrontApi lacks consent for Graph's <c>User.Read</c> here (its only Graph permission is <c>User.ReadBasic.All</c>).</summary>
public sealed class NoGraphConsentSystem() : PrivateSystem(new SystemOptions
{
    ConfigureAppHost = appHost => appHost.CreateResourceBuilder<EntraEmulator.Hosting.Emulator.EntraEmulatorResource>("identity")
        .WithEnvironment("EntraEmulator__Applications__FrontApi__ApiPermissions__MicrosoftGraph__0", "User.ReadBasic.All"),
});

/// <summary>A Graph failure does not hide the DownstreamApi part of <c>/api/profile</c>.</summary>
public sealed class GraphConsentTests(NoGraphConsentSystem system) : IClassFixture<NoGraphConsentSystem>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_consent_for_Graph_the_profile_is_partial_and_says_so()
    {
        var token = await system.System.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        using var front = system.System.CreateFrontClient(token);

        using var response = await front.GetAsync("/api/profile", Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        var profile = JsonDocument.Parse(body).RootElement;
        Assert.True(profile.GetProperty("partial").GetBoolean());
        Assert.Equal(token.ObjectId, profile.GetProperty("downstream").GetProperty("oid").GetString());
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("graph").ValueKind);
        Assert.Equal(403, profile.GetProperty("errors").GetProperty("graph").GetProperty("status").GetInt32());
    }
}
