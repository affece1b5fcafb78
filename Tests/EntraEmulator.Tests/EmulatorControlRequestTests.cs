using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EntraEmulator.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EntraEmulator.Tests;

/// <summary>
/// Any web page the developer opens can send a "simple" cross-origin request (POST with a form or text/plain body,
/// no custom header) without asking first; whatever changes the emulator's state must need more than that.
/// </summary>
public sealed partial class EmulatorControlRequestTests : IAsyncLifetime
{
    private const string ControlHeader = "X-Emulator-Control";
    private const string AttackerOrigin = "https://attacker.example";

    private readonly EmulatorFactory _emulator = new();
    private TokenClient _client = null!;
    private TokenClient _page = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _client = _emulator.CreateTokenClient();
        _page = _emulator.CreatePageClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _emulator.DisposeAsync();

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data")]
    public async Task A_simple_cross_origin_POST_does_not_revoke_sign_in_sessions(string contentType)
    {
        var signedIn = await _client.PasswordAsync("carol", TestTenant.CarolPassword);
        signedIn.AssertSuccess();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/_emulator/users/carol/revokeSignInSessions")
        {
            Content = new StringContent("value=true", Encoding.UTF8, contentType),
        };
        request.Headers.Add("Origin", AttackerOrigin);
        using var response = await _page.Http.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(ControlHeader, await response.Content.ReadAsStringAsync(Cancellation));
        (await _client.RefreshAsync(signedIn.RefreshToken!, TestTenant.FrontScope)).AssertSuccess();
    }

    [Fact]
    public async Task Every_state_changing_emulator_endpoint_refuses_a_request_without_the_control_header()
    {
        var signedIn = await _client.PasswordAsync("carol", TestTenant.CarolPassword);
        var endpoints = _emulator.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText?.StartsWith("/_emulator/", StringComparison.Ordinal) == true)
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                .Select(method => (Method: method, Path: RouteParameter().Replace(endpoint.RoutePattern.RawText!, "carol"))))
            .Where(endpoint => !HttpMethods.IsGet(endpoint.Method) && !HttpMethods.IsHead(endpoint.Method))
            .ToList();
        Assert.Superset(
            new HashSet<string> { "PUT /_emulator/faults", "PUT /_emulator/faults/mfa", "DELETE /_emulator/faults", "POST /_emulator/users/carol/revokeSignInSessions" },
            endpoints.Select(endpoint => $"{endpoint.Method} {endpoint.Path}").ToHashSet());

        foreach (var (method, path) in endpoints)
        {
            // Even a well-formed JSON body (which a page could only send after a CORS preflight) is not enough on its own.
            using var request = new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = JsonContent.Create(new { statusCode = 503, user = "carol" }),
            };
            request.Headers.Add("Origin", AttackerOrigin);
            using var response = await _page.Http.SendAsync(request, Cancellation);

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path}: {(int)response.StatusCode}");
        }

        var faults = await _client.Http.GetFromJsonAsync<JsonElement>("/_emulator/faults", Cancellation);
        Assert.Equal(JsonValueKind.Null, faults.GetProperty("tokenEndpoint").ValueKind);
        Assert.Empty(faults.GetProperty("mfaRequired").EnumerateArray());
        (await _client.RefreshAsync(signedIn.RefreshToken!, TestTenant.FrontScope)).AssertSuccess();
    }

    [Fact]
    public async Task With_the_control_header_a_revocation_goes_through()
    {
        var signedIn = await _client.PasswordAsync("carol", TestTenant.CarolPassword);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/_emulator/users/carol/revokeSignInSessions");
        request.Headers.Add(ControlHeader, "1");
        using var response = await _page.Http.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        (await _client.RefreshAsync(signedIn.RefreshToken!, TestTenant.FrontScope)).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50173);
    }

    [Fact]
    public async Task No_origin_is_allowed_to_send_the_control_header()
    {
        // The preflight a page needs before it may send the header: no CORS answer, so the browser never sends it.
        using var request = new HttpRequestMessage(HttpMethod.Options, "/_emulator/faults");
        request.Headers.Add("Origin", TestTenant.DevClientOrigin); // even a registered SPA's origin
        request.Headers.Add("Access-Control-Request-Method", "DELETE");
        request.Headers.Add("Access-Control-Request-Headers", ControlHeader);
        using var response = await _page.Http.SendAsync(request, Cancellation);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Headers"));
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
