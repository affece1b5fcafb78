using System.Net;
using EntraEmulator.Tests.Infrastructure;

namespace EntraEmulator.Tests;

public sealed class ClientCredentialsGrantTests(DefaultEmulator emulator) : IClassFixture<DefaultEmulator>
{
    private readonly TokenClient _client = emulator.CreateTokenClient();

    [Fact]
    public async Task Issues_an_app_only_token_with_the_granted_roles()
    {
        var result = await _client.ClientCredentialsAsync($"api://{TestTenant.DownstreamApi}/.default");

        result.AssertSuccess();
        Assert.Null(result.Scope);
        Assert.Null(result.RefreshToken);
        var token = await _client.ValidateAsync(result.AccessToken, TestTenant.DownstreamApi);
        Assert.Equal(["Todo.Read.All"], token.GetPayloadValue<string[]>("roles"));
        Assert.False(token.TryGetClaim("idtyp", out _)); // optional claim, not requested by DownstreamApi
        Assert.False(token.TryGetClaim("scp", out _));
        Assert.Equal(TestTenant.Daemon, token.GetClaim("azp").Value);
        Assert.Equal("1", token.GetClaim("azpacr").Value);
        Assert.Equal(token.GetClaim("oid").Value, token.GetClaim("sub").Value);
        Assert.True(Guid.TryParse(token.GetClaim("oid").Value, out _));
    }

    [Fact]
    public async Task Service_principal_id_is_stable_and_accepts_the_client_id_as_resource()
    {
        var first = await _client.ClientCredentialsAsync($"api://{TestTenant.DownstreamApi}/.default");
        var second = await _client.ClientCredentialsAsync($"{TestTenant.DownstreamApi}/.default");

        var a = await _client.ValidateAsync(first.AccessToken, TestTenant.DownstreamApi);
        var b = await _client.ValidateAsync(second.AccessToken, TestTenant.DownstreamApi);
        Assert.Equal(a.GetClaim("oid").Value, b.GetClaim("oid").Value);
        Assert.NotEqual(a.GetClaim("uti").Value, b.GetClaim("uti").Value);
    }

    [Fact]
    public async Task Without_granted_roles_the_token_has_no_roles_claim()
    {
        var result = await _client.ClientCredentialsAsync($"api://{TestTenant.DownstreamApi}/.default", TestTenant.FrontApi, TestTenant.FrontApiSecret);

        result.AssertSuccess();
        var token = await _client.ValidateAsync(result.AccessToken, TestTenant.DownstreamApi);
        Assert.False(token.TryGetClaim("roles", out _));
    }

    [Fact]
    public async Task Named_scope_instead_of_default_is_AADSTS1002012() =>
        (await _client.ClientCredentialsAsync(TestTenant.TodoRead)).AssertError(HttpStatusCode.BadRequest, "invalid_scope", 1002012);

    [Fact]
    public async Task Two_resources_are_AADSTS28000() =>
        (await _client.ClientCredentialsAsync($"api://{TestTenant.DownstreamApi}/.default api://{TestTenant.OtherApi}/.default"))
            .AssertError(HttpStatusCode.BadRequest, "invalid_scope", 28000);

    [Fact]
    public async Task Wrong_secret_is_AADSTS7000215() =>
        (await _client.ClientCredentialsAsync($"api://{TestTenant.DownstreamApi}/.default", clientSecret: "wrong"))
            .AssertError(HttpStatusCode.Unauthorized, "invalid_client", 7000215);

    [Fact]
    public async Task App_without_a_configured_secret_cannot_authenticate() =>
        (await _client.ClientCredentialsAsync($"api://{TestTenant.DownstreamApi}/.default", TestTenant.NoSecretApp, "guess"))
            .AssertError(HttpStatusCode.Unauthorized, "invalid_client", 7000215);

    [Fact]
    public async Task Missing_secret_is_AADSTS7000218() =>
        (await _client.ClientCredentialsAsync($"api://{TestTenant.DownstreamApi}/.default", clientSecret: null))
            .AssertError(HttpStatusCode.Unauthorized, "invalid_client", 7000218);

    [Fact]
    public async Task Public_client_cannot_use_client_credentials() =>
        (await _client.ClientCredentialsAsync($"api://{TestTenant.FrontApi}/.default", TestTenant.DevClient, null))
            .AssertError(HttpStatusCode.Unauthorized, "invalid_client", 7000218);

    [Fact]
    public async Task Missing_scope_is_AADSTS900144() =>
        (await _client.PostAsync(TokenClient.Form(
            ("grant_type", "client_credentials"), ("client_id", TestTenant.Daemon), ("client_secret", TestTenant.DaemonSecret))))
            .AssertError(HttpStatusCode.BadRequest, "invalid_request", 900144);

    [Fact]
    public async Task Idtyp_is_emitted_only_when_the_resource_asks_for_it_as_an_optional_claim()
    {
        await using var factory = new EmulatorFactory(overrides: new Dictionary<string, string?>
        {
            ["EntraEmulator:Applications:DownstreamApi:AccessTokenOptionalClaims:0"] = "idtyp",
        });
        var client = factory.CreateTokenClient();

        var app = await client.ClientCredentialsAsync($"api://{TestTenant.DownstreamApi}/.default");
        var user = await client.OnBehalfOfAsync(await client.UserTokenForFrontApiAsync());

        Assert.Equal("app", (await client.ValidateAsync(app.AccessToken, TestTenant.DownstreamApi)).GetClaim("idtyp").Value);
        Assert.Equal("user", (await client.ValidateAsync(user.AccessToken, TestTenant.DownstreamApi)).GetClaim("idtyp").Value);
    }
}
