using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EntraEmulator.Tests.Infrastructure;

/// <summary>Talks to the emulator over HTTP as a client would, and validates its tokens the way an API does (JWKS).</summary>
public sealed class TokenClient(HttpClient http)
{
    public const string JwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    public HttpClient Http { get; } = http;

    public string TokenPath(string? tenant = null) => $"/{tenant ?? TestTenant.TenantId}/oauth2/v2.0/token";

    public async Task<TokenResult> PostAsync(
        IEnumerable<KeyValuePair<string, string>> form,
        string? tenant = null,
        Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenPath(tenant)) { Content = new FormUrlEncodedContent(form) };
        configure?.Invoke(request);
        using var response = await Http.SendAsync(request, TestContext.Current.CancellationToken);
        return await TokenResult.ReadAsync(response);
    }

    public Task<TokenResult> PasswordAsync(
        string userName = "alice",
        string? password = null,
        string? scope = null,
        string? clientId = null,
        string? clientSecret = null) =>
        PostAsync(Form(
            ("grant_type", "password"),
            ("client_id", clientId ?? TestTenant.DevClient),
            ("client_secret", clientSecret),
            ("username", userName),
            ("password", password ?? TestTenant.AlicePassword),
            ("scope", scope ?? $"{TestTenant.FrontScope} {TestTenant.MsalExtraScopes}"),
            ("client_info", "1")));

    /// <summary>A user token for FrontApi (the OBO assertion), as DevClient gets it.</summary>
    public async Task<string> UserTokenForFrontApiAsync(string userName = "alice", string? password = null)
    {
        var result = await PasswordAsync(userName, password);
        result.AssertSuccess();
        return result.AccessToken;
    }

    public Task<TokenResult> OnBehalfOfAsync(
        string assertion,
        string? scope = null,
        string? clientId = null,
        string? clientSecret = TestTenant.FrontApiSecret) =>
        PostAsync(Form(
            ("client_id", clientId ?? TestTenant.FrontApi),
            ("client_secret", clientSecret),
            ("scope", scope ?? $"{TestTenant.TodoRead} {TestTenant.MsalExtraScopes}"),
            ("client_info", "1"),
            ("grant_type", JwtBearer),
            ("assertion", assertion),
            ("requested_token_use", "on_behalf_of")));

    public Task<TokenResult> ClientCredentialsAsync(
        string scope,
        string clientId = TestTenant.Daemon,
        string? clientSecret = TestTenant.DaemonSecret) =>
        PostAsync(Form(
            ("grant_type", "client_credentials"),
            ("client_id", clientId),
            ("client_secret", clientSecret),
            ("scope", scope)));

    public Task<TokenResult> RefreshAsync(
        string refreshToken,
        string? scope,
        string? clientId = null,
        string? clientSecret = null) =>
        PostAsync(Form(
            ("grant_type", "refresh_token"),
            ("client_id", clientId ?? TestTenant.DevClient),
            ("client_secret", clientSecret),
            ("refresh_token", refreshToken),
            ("scope", scope),
            ("client_info", "1")));

    /// <summary>Validates as an API would: issuer from discovery, key from the JWKS, audience = the API's client id.</summary>
    public async Task<JsonWebToken> ValidateAsync(string token, string audience, bool validateLifetime = true)
    {
        var ct = TestContext.Current.CancellationToken;
        var discovery = JsonDocument.Parse(await Http.GetStringAsync($"/{TestTenant.TenantId}/v2.0/.well-known/openid-configuration", ct)).RootElement;
        var jwks = new JsonWebKeySet(await Http.GetStringAsync(discovery.GetProperty("jwks_uri").GetString(), ct));

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = discovery.GetProperty("issuer").GetString(),
            ValidAudience = audience,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidateLifetime = validateLifetime,
        });

        Assert.True(result.IsValid, $"token did not validate: {result.Exception?.Message}");
        return (JsonWebToken)result.SecurityToken;
    }

    public async Task<JsonElement> GetStatsAsync() =>
        JsonDocument.Parse(await Http.GetStringAsync("/_emulator/stats", TestContext.Current.CancellationToken)).RootElement;

    public static IEnumerable<KeyValuePair<string, string>> Form(params (string Key, string? Value)[] fields) =>
        fields.Where(f => f.Value is not null).Select(f => KeyValuePair.Create(f.Key, f.Value!));
}

public sealed record TokenResult(HttpStatusCode Status, JsonElement Body, HttpResponseHeaders Headers, string? ContentType)
{
    public static async Task<TokenResult> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var body = JsonDocument.Parse(string.IsNullOrEmpty(text) ? "{}" : text).RootElement.Clone();
        return new TokenResult(response.StatusCode, body, response.Headers, response.Content.Headers.ContentType?.MediaType);
    }

    public string AccessToken => Body.GetProperty("access_token").GetString()!;

    public string? RefreshToken => Body.TryGetProperty("refresh_token", out var value) ? value.GetString() : null;

    public string? IdToken => Body.TryGetProperty("id_token", out var value) ? value.GetString() : null;

    public string? Scope => Body.TryGetProperty("scope", out var value) ? value.GetString() : null;

    public string? Error => Body.TryGetProperty("error", out var value) ? value.GetString() : null;

    public void AssertSuccess()
    {
        Assert.True(Status == HttpStatusCode.OK, $"expected 200, got {(int)Status}: {Body}");
        Assert.Equal("Bearer", Body.GetProperty("token_type").GetString());
    }

    /// <summary>Checks the Entra error shape and its code.</summary>
    public void AssertError(HttpStatusCode status, string error, int code)
    {
        Assert.True(Status == status, $"expected {(int)status}, got {(int)Status}: {Body}");
        Assert.Equal("application/json", ContentType);
        Assert.Equal(error, Error);
        Assert.Equal([code], Body.GetProperty("error_codes").EnumerateArray().Select(e => e.GetInt32()));
        Assert.StartsWith($"AADSTS{code}: ", Body.GetProperty("error_description").GetString());
    }
}
