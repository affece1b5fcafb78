using System.Net;
using System.Security.Cryptography;
using EntraEmulator.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EntraEmulator.Tests;

public sealed class OnBehalfOfGrantTests(DefaultEmulator emulator) : IClassFixture<DefaultEmulator>
{
    private readonly TokenClient _client = emulator.CreateTokenClient();

    [Fact]
    public async Task Exchanges_a_user_token_for_a_downstream_token_keeping_the_user()
    {
        var assertion = await _client.UserTokenForFrontApiAsync();

        var result = await _client.OnBehalfOfAsync(assertion);

        result.AssertSuccess();
        var incoming = new JsonWebToken(assertion);
        var token = await _client.ValidateAsync(result.AccessToken, TestTenant.DownstreamApi);
        Assert.Equal(TestTenant.AliceObjectId, token.GetClaim("oid").Value);
        Assert.Equal("Alice Smith", token.GetClaim("name").Value);
        Assert.Equal("alice@aspireobo.dev", token.GetClaim("preferred_username").Value);
        Assert.Equal(TestTenant.TenantId, token.GetClaim("tid").Value);
        // Entra's delegated token carries every scope consented for the resource, not only the one requested.
        Assert.Equal(["Todo.Read", "Todo.ReadWrite"], token.GetClaim("scp").Value.Split(' ').Order());
        Assert.Equal(TestTenant.FrontApi, token.GetClaim("azp").Value);
        Assert.Equal("1", token.GetClaim("azpacr").Value); // a client secret
        Assert.False(token.TryGetClaim("amr", out _)); // v1.0 only
        Assert.False(token.TryGetClaim("idtyp", out _)); // an optional claim DownstreamApi does not ask for
        Assert.Equal("2.0", token.GetClaim("ver").Value);
        Assert.NotEqual(incoming.GetClaim("sub").Value, token.GetClaim("sub").Value);
        Assert.NotEqual(incoming.GetClaim("uti").Value, token.GetClaim("uti").Value);

        // The consented scopes with the caller's prefix, and no OpenID Connect scopes for a resource other than Microsoft Graph.
        Assert.Equal([TestTenant.TodoRead, TestTenant.TodoReadWrite], result.Scope!.Split(' ').Order());
        Assert.False(string.IsNullOrEmpty(result.RefreshToken));
        Assert.True(result.Body.TryGetProperty("client_info", out _));
        await _client.ValidateAsync(result.IdToken!, TestTenant.FrontApi);
    }

    [Fact]
    public async Task Default_scope_grants_every_consented_scope_and_echoes_default()
    {
        var assertion = await _client.UserTokenForFrontApiAsync();

        var result = await _client.OnBehalfOfAsync(assertion, $"api://{TestTenant.DownstreamApi}/.default {TestTenant.MsalExtraScopes}");

        result.AssertSuccess();
        var token = await _client.ValidateAsync(result.AccessToken, TestTenant.DownstreamApi);
        Assert.Equal(["Todo.Read", "Todo.ReadWrite"], token.GetClaim("scp").Value.Split(' ').Order());
        Assert.Contains($"api://{TestTenant.DownstreamApi}/.default", result.Scope!.Split(' '));
        Assert.Contains(TestTenant.TodoReadWrite, result.Scope!.Split(' '));
    }

    [Fact]
    public async Task Counts_exchanges_per_user_and_per_incoming_assertion()
    {
        var assertion = await _client.UserTokenForFrontApiAsync("carol", TestTenant.CarolPassword);
        var uti = new JsonWebToken(assertion).GetClaim("uti").Value;
        var before = await _client.GetStatsAsync();

        (await _client.OnBehalfOfAsync(assertion)).AssertSuccess();
        (await _client.OnBehalfOfAsync(assertion, $"{TestTenant.TodoReadWrite} {TestTenant.MsalExtraScopes}")).AssertSuccess();
        (await _client.OnBehalfOfAsync(assertion, $"api://{TestTenant.DownstreamApi}/Nope")).AssertError(HttpStatusCode.BadRequest, "invalid_scope", 70011);

        var after = await _client.GetStatsAsync();
        Assert.Equal(2, after.GetProperty("onBehalfOf").GetProperty("byAssertion").GetProperty(uti).GetInt64());
        Assert.Equal(
            Count(before, "onBehalfOf", "byUser", TestTenant.CarolObjectId) + 2,
            Count(after, "onBehalfOf", "byUser", TestTenant.CarolObjectId));
        Assert.Equal(Count(before, "tokensIssued", "on_behalf_of") + 2, Count(after, "tokensIssued", "on_behalf_of"));
        Assert.Equal(Count(before, "errors", "invalid_scope") + 1, Count(after, "errors", "invalid_scope"));
        Assert.Equal(Count(before, "errorCodes", "AADSTS70011") + 1, Count(after, "errorCodes", "AADSTS70011"));
    }

    [Fact]
    public async Task Assertion_for_another_audience_is_AADSTS500131()
    {
        var downstreamToken = (await _client.OnBehalfOfAsync(await _client.UserTokenForFrontApiAsync())).AccessToken;

        var result = await _client.OnBehalfOfAsync(downstreamToken);

        result.AssertError(HttpStatusCode.BadRequest, "invalid_grant", 500131);
        Assert.Contains($"'{TestTenant.DownstreamApi}'", result.Body.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task Assertion_signed_by_another_key_is_AADSTS50013()
    {
        var genuine = new JsonWebToken(await _client.UserTokenForFrontApiAsync());
        using var rsa = RSA.Create(2048);
        var forged = ReSign(genuine, new RsaSecurityKey(rsa) { KeyId = "attacker-key" });

        (await _client.OnBehalfOfAsync(forged)).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50013);
    }

    [Fact]
    public async Task Assertion_with_our_kid_but_a_forged_signature_is_AADSTS50013()
    {
        var genuine = new JsonWebToken(await _client.UserTokenForFrontApiAsync());
        using var rsa = RSA.Create(2048);
        var forged = ReSign(genuine, new RsaSecurityKey(rsa) { KeyId = genuine.Kid });

        (await _client.OnBehalfOfAsync(forged)).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50013);
    }

    [Fact]
    public async Task Assertion_from_another_tenant_signed_by_our_key_is_AADSTS50013()
    {
        var genuine = new JsonWebToken(await _client.UserTokenForFrontApiAsync());
        const string otherTenant = "99999999-8888-4777-8666-555555555555";
        var payload = Base64UrlEncoder.Decode(genuine.EncodedPayload)
            .Replace(TestTenant.TenantId, otherTenant, StringComparison.OrdinalIgnoreCase);
        using var rsa = RSA.Create();
        rsa.ImportFromPem(await File.ReadAllTextAsync(Path.Combine(emulator.DataDirectory, "signing-key.pem"), TestContext.Current.CancellationToken));
        var providers = new CryptoProviderFactory { CacheSignatureProviders = false };
        var foreign = new JsonWebTokenHandler().CreateToken(payload,
            new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = genuine.Kid }, SecurityAlgorithms.RsaSha256) { CryptoProviderFactory = providers });

        var result = await _client.OnBehalfOfAsync(foreign);

        result.AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50013);
        Assert.Contains(otherTenant, result.Body.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task App_only_assertion_is_AADSTS7000114()
    {
        var appToken = await _client.ClientCredentialsAsync($"api://{TestTenant.FrontApi}/.default");
        appToken.AssertSuccess();

        (await _client.OnBehalfOfAsync(appToken.AccessToken)).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 7000114);
    }

    [Fact]
    public async Task Malformed_assertion_is_AADSTS50027() =>
        (await _client.OnBehalfOfAsync("not-a-jwt")).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50027);

    [Fact]
    public async Task Scope_not_exposed_is_AADSTS70011() =>
        (await _client.OnBehalfOfAsync(await _client.UserTokenForFrontApiAsync(), $"api://{TestTenant.DownstreamApi}/Todo.Delete openid"))
            .AssertError(HttpStatusCode.BadRequest, "invalid_scope", 70011);

    [Fact]
    public async Task Scope_the_caller_was_not_granted_is_AADSTS65001() =>
        (await _client.OnBehalfOfAsync(await _client.UserTokenForFrontApiAsync(), $"api://{TestTenant.SecretApi}/Secret.Read openid"))
            .AssertError(HttpStatusCode.BadRequest, "invalid_grant", 65001);

    [Fact]
    public async Task Scopes_of_two_resources_are_AADSTS28000() =>
        (await _client.OnBehalfOfAsync(await _client.UserTokenForFrontApiAsync(), $"{TestTenant.TodoRead} api://{TestTenant.OtherApi}/Other.Read"))
            .AssertError(HttpStatusCode.BadRequest, "invalid_scope", 28000);

    [Fact]
    public async Task Public_client_cannot_use_on_behalf_of() =>
        (await _client.OnBehalfOfAsync(await _client.UserTokenForFrontApiAsync(), clientId: TestTenant.DevClient, clientSecret: null))
            .AssertError(HttpStatusCode.Unauthorized, "invalid_client", 7000218);

    [Fact]
    public async Task Wrong_client_secret_is_AADSTS7000215() =>
        (await _client.OnBehalfOfAsync(await _client.UserTokenForFrontApiAsync(), clientSecret: "wrong"))
            .AssertError(HttpStatusCode.Unauthorized, "invalid_client", 7000215);

    [Fact]
    public async Task Missing_requested_token_use_is_AADSTS900144()
    {
        var result = await _client.PostAsync(TokenClient.Form(
            ("client_id", TestTenant.FrontApi), ("client_secret", TestTenant.FrontApiSecret), ("grant_type", TokenClient.JwtBearer),
            ("assertion", await _client.UserTokenForFrontApiAsync()), ("scope", TestTenant.TodoRead)));

        result.AssertError(HttpStatusCode.BadRequest, "invalid_request", 900144);
        Assert.Contains("'requested_token_use'", result.Body.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task Missing_assertion_is_AADSTS900144() =>
        (await _client.PostAsync(TokenClient.Form(
            ("client_id", TestTenant.FrontApi), ("client_secret", TestTenant.FrontApiSecret), ("grant_type", TokenClient.JwtBearer),
            ("requested_token_use", "on_behalf_of"), ("scope", TestTenant.TodoRead))))
            .AssertError(HttpStatusCode.BadRequest, "invalid_request", 900144);

    [Fact]
    public async Task Expired_assertion_is_AADSTS500133()
    {
        var clock = new AdjustableTimeProvider();
        await using var factory = new EmulatorFactory(time: clock);
        var client = factory.CreateTokenClient();
        var assertion = await client.UserTokenForFrontApiAsync();

        (await client.OnBehalfOfAsync(assertion)).AssertSuccess();
        clock.Advance(TimeSpan.FromHours(2));

        var result = await client.OnBehalfOfAsync(assertion);
        result.AssertError(HttpStatusCode.BadRequest, "invalid_grant", 500133);
    }

    private static string ReSign(JsonWebToken token, SecurityKey key) =>
        new JsonWebTokenHandler().CreateToken(
            Base64UrlEncoder.Decode(token.EncodedPayload),
            new SigningCredentials(key, SecurityAlgorithms.RsaSha256));

    private static long Count(System.Text.Json.JsonElement stats, params string[] path)
    {
        var element = stats;
        foreach (var name in path)
        {
            if (!element.TryGetProperty(name, out element))
            {
                return 0;
            }
        }

        return element.GetInt64();
    }
}
