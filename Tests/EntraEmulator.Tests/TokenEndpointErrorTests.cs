using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using EntraEmulator.Tests.Infrastructure;

namespace EntraEmulator.Tests;

public sealed class TokenEndpointErrorTests(DefaultEmulator emulator) : IClassFixture<DefaultEmulator>
{
    private readonly TokenClient _client = emulator.CreateTokenClient();

    [Fact]
    public async Task Errors_have_Entra_shape_and_carry_the_client_request_id()
    {
        var correlationId = Guid.NewGuid().ToString();

        var result = await _client.PostAsync(
            TokenClient.Form(("grant_type", "password"), ("client_id", TestTenant.DevClient), ("username", "alice"), ("password", "bad"), ("scope", TestTenant.FrontScope)),
            configure: request => request.Headers.Add("client-request-id", correlationId));

        result.AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50126);
        var body = result.Body;
        var timestamp = body.GetProperty("timestamp").GetString()!;
        var traceId = body.GetProperty("trace_id").GetString()!;
        Assert.True(DateTime.TryParseExact(timestamp, "yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.None, out _), timestamp);
        Assert.True(Guid.TryParse(traceId, out _));
        Assert.Equal(correlationId, body.GetProperty("correlation_id").GetString());
        Assert.Equal("http://localhost/error?code=50126", body.GetProperty("error_uri").GetString());
        Assert.Matches(
            new Regex($"^AADSTS50126: .+\\r\\nTrace ID: {traceId}\\r\\nCorrelation ID: {correlationId}\\r\\nTimestamp: {Regex.Escape(timestamp)}$"),
            body.GetProperty("error_description").GetString());
        Assert.Equal(correlationId, result.Headers.GetValues("client-request-id").Single());
        Assert.Equal("no-store", result.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Missing_grant_type_is_AADSTS900144() =>
        (await _client.PostAsync(TokenClient.Form(("client_id", TestTenant.DevClient))))
            .AssertError(HttpStatusCode.BadRequest, "invalid_request", 900144);

    [Fact]
    public async Task Unsupported_grant_type_is_AADSTS70003() =>
        (await _client.PostAsync(TokenClient.Form(("grant_type", "urn:ietf:params:oauth:grant-type:device_code"), ("client_id", TestTenant.DevClient))))
            .AssertError(HttpStatusCode.BadRequest, "unsupported_grant_type", 70003);

    [Fact]
    public async Task Missing_client_id_is_AADSTS900144() =>
        (await _client.PostAsync(TokenClient.Form(("grant_type", "password"), ("username", "alice"), ("password", "x"), ("scope", TestTenant.FrontScope))))
            .AssertError(HttpStatusCode.BadRequest, "invalid_request", 900144);

    [Fact]
    public async Task Unknown_tenant_is_AADSTS90002() =>
        (await _client.PostAsync(TokenClient.Form(("grant_type", "password"), ("client_id", TestTenant.DevClient)), tenant: "contoso.onmicrosoft.com"))
            .AssertError(HttpStatusCode.BadRequest, "invalid_tenant", 90002);

    [Fact]
    public async Task Json_body_is_reported_as_missing_grant_type()
    {
        using var content = new StringContent("""{"grant_type":"password"}""", Encoding.UTF8, "application/json");
        using var response = await _client.Http.PostAsync(_client.TokenPath(), content, TestContext.Current.CancellationToken);

        (await TokenResult.ReadAsync(response)).AssertError(HttpStatusCode.BadRequest, "invalid_request", 900144);
    }

    [Fact]
    public async Task Get_on_the_token_endpoint_is_AADSTS900561()
    {
        using var response = await _client.Http.GetAsync(_client.TokenPath(), TestContext.Current.CancellationToken);

        (await TokenResult.ReadAsync(response)).AssertError(HttpStatusCode.BadRequest, "invalid_request", 900561);
    }

    [Theory]
    [InlineData("/5f1e7c2a-9b3d-4c8e-a1f0-3d2b6e4a7c90/oauth2/v2.0/token/extra")]
    [InlineData("/5f1e7c2a-9b3d-4c8e-a1f0-3d2b6e4a7c90/oauth2/v2.0/devicecode")]
    [InlineData("/favicon.ico")]
    public async Task Unknown_routes_get_a_JSON_error_not_a_page(string path)
    {
        using var response = await _client.Http.PostAsync(path, new FormUrlEncodedContent([]), TestContext.Current.CancellationToken);

        (await TokenResult.ReadAsync(response)).AssertError(HttpStatusCode.NotFound, "not_found", 90404);
    }
}
