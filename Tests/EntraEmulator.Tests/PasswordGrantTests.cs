using System.Net;
using System.Text;
using System.Text.Json;
using EntraEmulator.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EntraEmulator.Tests;

public sealed class PasswordGrantTests(DefaultEmulator emulator) : IClassFixture<DefaultEmulator>
{
    private readonly TokenClient _client = emulator.CreateTokenClient();

    [Fact]
    public async Task Issues_a_user_access_token_for_the_requested_resource()
    {
        var result = await _client.PasswordAsync();

        result.AssertSuccess();
        var token = await _client.ValidateAsync(result.AccessToken, TestTenant.FrontApi);

        Assert.Equal("RS256", token.Alg);
        Assert.Equal("JWT", token.Typ);
        Assert.Equal($"http://localhost/{TestTenant.TenantId}/v2.0", token.Issuer);
        Assert.Equal("2.0", token.GetClaim("ver").Value);
        Assert.Equal(TestTenant.TenantId, token.GetClaim("tid").Value);
        Assert.Equal(TestTenant.AliceObjectId, token.GetClaim("oid").Value);
        Assert.Equal("Alice Smith", token.GetClaim("name").Value);
        Assert.Equal("alice@aspireobo.dev", token.GetClaim("preferred_username").Value);
        Assert.Equal("access_as_user", token.GetClaim("scp").Value);
        Assert.Equal(TestTenant.DevClient, token.GetClaim("azp").Value);
        Assert.Equal("0", token.GetClaim("azpacr").Value);
        Assert.False(token.TryGetClaim("roles", out _));
        Assert.False(string.IsNullOrEmpty(token.GetClaim("uti").Value));
        Assert.NotEqual(TestTenant.AliceObjectId, token.GetClaim("sub").Value);
        Assert.InRange(token.ValidTo - token.IssuedAt, TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(90));
        Assert.False(token.TryGetClaim("amr", out _));
        Assert.True(token.ValidFrom <= token.IssuedAt);
    }

    [Fact]
    public async Task Response_has_the_fields_MSAL_needs_to_cache()
    {
        var result = await _client.PasswordAsync();

        result.AssertSuccess();
        Assert.Equal(JsonValueKind.Number, result.Body.GetProperty("expires_in").ValueKind);
        Assert.InRange(result.Body.GetProperty("expires_in").GetInt32(), 3600, 5400);
        var token = new JsonWebToken(result.AccessToken);
        Assert.Equal(result.Body.GetProperty("expires_in").GetInt32(), (int)(token.ValidTo - token.IssuedAt).TotalSeconds);
        Assert.Equal(JsonValueKind.Number, result.Body.GetProperty("ext_expires_in").ValueKind);
        Assert.Equal([TestTenant.FrontScope], result.Scope!.Split(' '));
        Assert.False(string.IsNullOrEmpty(result.RefreshToken));
        Assert.Equal("no-store", result.Headers.CacheControl?.ToString());
        Assert.Contains("no-cache", result.Headers.Pragma.ToString());

        var clientInfo = JsonDocument.Parse(Base64UrlEncoder.Decode(result.Body.GetProperty("client_info").GetString()!)).RootElement;
        Assert.Equal(TestTenant.AliceObjectId, clientInfo.GetProperty("uid").GetString());
        Assert.Equal(TestTenant.TenantId, clientInfo.GetProperty("utid").GetString());
    }

    [Fact]
    public async Task Id_token_is_for_the_client_with_a_pairwise_subject()
    {
        var result = await _client.PasswordAsync();

        var idToken = await _client.ValidateAsync(result.IdToken!, TestTenant.DevClient);
        var accessToken = await _client.ValidateAsync(result.AccessToken, TestTenant.FrontApi);

        Assert.Equal(TestTenant.AliceObjectId, idToken.GetClaim("oid").Value);
        Assert.Equal("alice@aspireobo.dev", idToken.GetClaim("preferred_username").Value);
        Assert.NotEqual(accessToken.GetClaim("sub").Value, idToken.GetClaim("sub").Value);
    }

    [Fact]
    public async Task Without_openid_and_offline_access_there_is_no_id_token_nor_refresh_token()
    {
        var result = await _client.PasswordAsync(scope: TestTenant.FrontScope);

        result.AssertSuccess();
        Assert.Null(result.IdToken);
        Assert.Null(result.RefreshToken);
        Assert.Equal(TestTenant.FrontScope, result.Scope);
    }

    [Fact]
    public async Task Accepts_the_UPN_in_any_case_and_users_added_by_configuration()
    {
        var byUpn = await _client.PasswordAsync("ALICE@AspireObo.dev");
        var carol = await _client.PasswordAsync("carol", TestTenant.CarolPassword);

        byUpn.AssertSuccess();
        carol.AssertSuccess();
        var token = await _client.ValidateAsync(carol.AccessToken, TestTenant.FrontApi);
        Assert.Equal(TestTenant.CarolObjectId, token.GetClaim("oid").Value);
        Assert.Equal("Carol Test", token.GetClaim("name").Value);
    }

    [Fact]
    public async Task A_confidential_client_with_its_secret_gets_azpacr_1()
    {
        var result = await _client.PasswordAsync(scope: TestTenant.TodoRead, clientId: TestTenant.FrontApi, clientSecret: TestTenant.FrontApiSecret);

        result.AssertSuccess();
        var token = await _client.ValidateAsync(result.AccessToken, TestTenant.DownstreamApi);
        Assert.Equal("1", token.GetClaim("azpacr").Value);
    }

    [Fact]
    public async Task Wrong_password_is_AADSTS50126() =>
        (await _client.PasswordAsync(password: "not-the-password")).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50126);

    [Fact]
    public async Task Unknown_user_is_AADSTS50034() =>
        (await _client.PasswordAsync("mallory")).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50034);

    [Fact]
    public async Task Missing_username_is_AADSTS900144()
    {
        var result = await _client.PostAsync(TokenClient.Form(
            ("grant_type", "password"), ("client_id", TestTenant.DevClient), ("password", "x"), ("scope", TestTenant.FrontScope)));

        result.AssertError(HttpStatusCode.BadRequest, "invalid_request", 900144);
        Assert.Contains("'username'", result.Body.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task Unknown_client_is_AADSTS700016() =>
        (await _client.PasswordAsync(clientId: Guid.NewGuid().ToString())).AssertError(HttpStatusCode.BadRequest, "unauthorized_client", 700016);

    [Fact]
    public async Task Public_client_sending_a_secret_is_AADSTS700025() =>
        (await _client.PasswordAsync(clientSecret: "anything")).AssertError(HttpStatusCode.Unauthorized, "invalid_client", 700025);

    [Fact]
    public async Task Confidential_client_without_its_secret_is_AADSTS7000218() =>
        (await _client.PasswordAsync(scope: TestTenant.TodoRead, clientId: TestTenant.FrontApi))
            .AssertError(HttpStatusCode.Unauthorized, "invalid_client", 7000218);

    [Fact]
    public async Task Scope_not_granted_to_the_client_is_AADSTS65001_consent_required()
    {
        var result = await _client.PasswordAsync(scope: $"{TestTenant.TodoRead} openid");

        result.AssertError(HttpStatusCode.BadRequest, "invalid_grant", 65001);
        Assert.Equal("consent_required", result.Body.GetProperty("suberror").GetString());
    }

    [Fact]
    public async Task Scope_not_exposed_by_the_resource_is_AADSTS70011() =>
        (await _client.PasswordAsync(scope: $"api://{TestTenant.FrontApi}/Todo.Delete openid"))
            .AssertError(HttpStatusCode.BadRequest, "invalid_scope", 70011);

    [Fact]
    public async Task Scopes_of_two_resources_are_AADSTS28000() =>
        (await _client.PasswordAsync(scope: $"{TestTenant.FrontScope} {TestTenant.TodoRead} openid"))
            .AssertError(HttpStatusCode.BadRequest, "invalid_scope", 28000);

    [Fact]
    public async Task Unknown_resource_is_AADSTS500011() =>
        (await _client.PasswordAsync(scope: "api://not-registered/access_as_user"))
            .AssertError(HttpStatusCode.BadRequest, "invalid_resource", 500011);

    [Fact]
    public async Task Client_secret_basic_authenticates_a_confidential_client()
    {
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestTenant.FrontApi}:{TestTenant.FrontApiSecret}"));
        var result = await _client.PostAsync(
            TokenClient.Form(("grant_type", "password"), ("username", "alice"), ("password", TestTenant.AlicePassword), ("scope", TestTenant.TodoRead)),
            configure: request => request.Headers.Authorization = new("Basic", basic));

        result.AssertSuccess();
    }

    [Fact]
    public async Task Access_token_lifetimes_vary_between_60_and_90_minutes_as_Entra_s_default()
    {
        var lifetimes = new HashSet<int>();
        for (var i = 0; i < 8; i++)
        {
            var result = await _client.PasswordAsync();
            result.AssertSuccess();
            lifetimes.Add(result.Body.GetProperty("expires_in").GetInt32());
        }

        Assert.All(lifetimes, seconds => Assert.InRange(seconds, 3600, 5400));
        // 8 draws from 1801 values: all equal has a chance of about 1 in 10^22.
        Assert.True(lifetimes.Count > 1, "every token had the same lifetime");
    }

    [Fact]
    public async Task A_configured_access_token_lifetime_is_kept_exactly()
    {
        await using var factory = new EmulatorFactory(overrides: new Dictionary<string, string?> { ["EntraEmulator:AccessTokenLifetime"] = "00:10:00" });

        var result = await factory.CreateTokenClient().PasswordAsync();

        Assert.Equal(600, result.Body.GetProperty("expires_in").GetInt32());
    }

    [Fact]
    public async Task A_user_without_a_display_name_gets_no_name_claim()
    {
        var result = await _client.PasswordAsync("erin", TestTenant.ErinPassword);

        result.AssertSuccess();
        var token = await _client.ValidateAsync(result.AccessToken, TestTenant.FrontApi);
        Assert.False(token.TryGetClaim("name", out _));
        Assert.Equal("erin@aspireobo.dev", token.GetClaim("preferred_username").Value);
        Assert.False((await _client.ValidateAsync(result.IdToken!, TestTenant.DevClient)).TryGetClaim("name", out _));
    }
}
