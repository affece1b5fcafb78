using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EntraEmulator.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace EntraEmulator.Tests;

public sealed class DiscoveryTests(DefaultEmulator emulator) : IClassFixture<DefaultEmulator>
{
    private const string Base = "http://localhost";
    private readonly TokenClient _client = emulator.CreateTokenClient();

    [Fact]
    public async Task Openid_configuration_has_Entra_v2_shape()
    {
        var document = await GetJsonAsync($"/{TestTenant.TenantId}/v2.0/.well-known/openid-configuration");

        Assert.Equal($"{Base}/{TestTenant.TenantId}/v2.0", document.GetProperty("issuer").GetString());
        Assert.Equal($"{Base}/{TestTenant.TenantId}/oauth2/v2.0/token", document.GetProperty("token_endpoint").GetString());
        Assert.Equal($"{Base}/{TestTenant.TenantId}/oauth2/v2.0/authorize", document.GetProperty("authorization_endpoint").GetString());
        Assert.Equal($"{Base}/{TestTenant.TenantId}/discovery/v2.0/keys", document.GetProperty("jwks_uri").GetString());
        Assert.Equal(["pairwise"], Strings(document, "subject_types_supported"));
        Assert.Equal(["RS256"], Strings(document, "id_token_signing_alg_values_supported"));
        Assert.Equal(["client_secret_post", "private_key_jwt", "client_secret_basic"], Strings(document, "token_endpoint_auth_methods_supported"));
        Assert.Contains("openid", Strings(document, "scopes_supported"));
        Assert.Contains("preferred_username", Strings(document, "claims_supported"));
        Assert.Equal("microsoftonline.com", document.GetProperty("cloud_instance_name").GetString());
    }

    [Fact]
    public async Task Unknown_tenant_is_AADSTS90002()
    {
        using var response = await _client.Http.GetAsync($"/{Guid.NewGuid()}/v2.0/.well-known/openid-configuration", TestContext.Current.CancellationToken);

        (await TokenResult.ReadAsync(response)).AssertError(HttpStatusCode.BadRequest, "invalid_tenant", 90002);
    }

    [Fact]
    public async Task Jwks_publishes_the_key_with_an_RFC7638_kid_and_the_issuer()
    {
        var jwks = await GetJsonAsync($"/{TestTenant.TenantId}/discovery/v2.0/keys");

        var key = Assert.Single(jwks.GetProperty("keys").EnumerateArray());
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.Equal($"{Base}/{TestTenant.TenantId}/v2.0", key.GetProperty("issuer").GetString());
        Assert.Equal(2048, Base64UrlEncoder.DecodeBytes(key.GetProperty("n").GetString()).Length * 8);

        var canonical = $$"""{"e":"{{key.GetProperty("e").GetString()}}","kty":"RSA","n":"{{key.GetProperty("n").GetString()}}"}""";
        var thumbprint = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        Assert.Equal(thumbprint, key.GetProperty("kid").GetString());

        var token = await _client.UserTokenForFrontApiAsync();
        Assert.Equal(thumbprint, new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).Kid);
    }

    [Fact]
    public async Task Instance_discovery_answers_for_the_emulator_host_without_port()
    {
        var authorize = Uri.EscapeDataString($"https://localhost:7180/{TestTenant.TenantId}/oauth2/v2.0/authorize");

        var document = await GetJsonAsync($"/common/discovery/instance?api-version=1.1&authorization_endpoint={authorize}");

        Assert.Equal(
            $"https://localhost:7180/{TestTenant.TenantId}/v2.0/.well-known/openid-configuration",
            document.GetProperty("tenant_discovery_endpoint").GetString());
        Assert.Equal("1.1", document.GetProperty("api-version").GetString());
        var metadata = Assert.Single(document.GetProperty("metadata").EnumerateArray());
        Assert.Equal("localhost", metadata.GetProperty("preferred_network").GetString());
        Assert.Equal("localhost", metadata.GetProperty("preferred_cache").GetString());
        Assert.Equal(["localhost"], Strings(metadata, "aliases"));
    }

    [Fact]
    public async Task Instance_discovery_for_another_host_is_invalid_instance()
    {
        var authorize = Uri.EscapeDataString("https://login.contoso.com/common/oauth2/v2.0/authorize");

        using var response = await _client.Http.GetAsync(
            $"/common/discovery/instance?api-version=1.1&authorization_endpoint={authorize}", TestContext.Current.CancellationToken);

        (await TokenResult.ReadAsync(response)).AssertError(HttpStatusCode.BadRequest, "invalid_instance", 50049);
    }

    [Fact]
    public async Task Configured_instance_drives_issuer_and_endpoints()
    {
        await using var factory = new EmulatorFactory(overrides: new Dictionary<string, string?>
        {
            ["EntraEmulator:Instance"] = "https://identity.example:7180",
        });
        var client = factory.CreateTokenClient();

        var document = JsonDocument.Parse(await client.Http.GetStringAsync(
            $"/{TestTenant.TenantId}/v2.0/.well-known/openid-configuration", TestContext.Current.CancellationToken)).RootElement;
        var token = await client.UserTokenForFrontApiAsync();

        Assert.Equal($"https://identity.example:7180/{TestTenant.TenantId}/v2.0", document.GetProperty("issuer").GetString());
        Assert.Equal($"https://identity.example:7180/{TestTenant.TenantId}/oauth2/v2.0/token", document.GetProperty("token_endpoint").GetString());
        Assert.Equal($"https://identity.example:7180/{TestTenant.TenantId}/v2.0", new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).Issuer);
    }

    [Fact]
    public async Task Health_endpoint_is_mapped()
    {
        using var response = await _client.Http.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _client.Http.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
    }

    private static string[] Strings(JsonElement element, string property) =>
        element.GetProperty(property).EnumerateArray().Select(e => e.GetString()!).ToArray();
}
