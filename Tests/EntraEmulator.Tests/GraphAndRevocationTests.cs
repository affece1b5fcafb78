using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EntraEmulator.Tests.Infrastructure;

namespace EntraEmulator.Tests;

/// <summary>
/// Microsoft Graph as Entra serves it to an OBO caller (bare scope names, a token for Graph, <c>GET /v1.0/me</c>), and
/// revoked sign-in sessions refusing refresh tokens, OBO ones included (AADSTS50173).
/// </summary>
public sealed class GraphAndRevocationTests(DefaultEmulator emulator) : IClassFixture<DefaultEmulator>
{
    private const string GraphAppId = "00000003-0000-0000-c000-000000000000";

    private readonly TokenClient _client = emulator.CreateTokenClient();

    [Fact]
    public async Task A_bare_User_Read_scope_is_Graph_and_its_token_reads_the_users_profile()
    {
        var assertion = await _client.UserTokenForFrontApiAsync();

        var result = await _client.OnBehalfOfAsync(assertion, $"User.Read {TestTenant.MsalExtraScopes}");

        result.AssertSuccess();
        var token = await _client.ValidateAsync(result.AccessToken, GraphAppId);
        Assert.Equal("User.Read", token.GetClaim("scp").Value);
        Assert.Contains("User.Read", result.Scope!.Split(' '));
        Assert.Contains("openid", result.Scope!.Split(' ')); // for Graph, Entra names the OpenID scopes too

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1.0/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", result.AccessToken);
        using var response = await _client.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(TestTenant.AliceObjectId, me.GetProperty("id").GetString());
        Assert.Equal("alice@aspireobo.dev", me.GetProperty("userPrincipalName").GetString());
        Assert.Equal("Alice", me.GetProperty("givenName").GetString());
        Assert.Equal(JsonValueKind.Null, me.GetProperty("mobilePhone").ValueKind); // unset properties are null, as in Graph
    }

    [Fact]
    public async Task Graph_refuses_a_token_for_another_audience_in_Graphs_shape()
    {
        var frontApiToken = await _client.UserTokenForFrontApiAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1.0/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", frontApiToken);

        using var response = await _client.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(GraphAppId, response.Headers.WwwAuthenticate.ToString());
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("error");
        Assert.Equal("InvalidAuthenticationToken", error.GetProperty("code").GetString());
        Assert.True(error.GetProperty("innerError").TryGetProperty("request-id", out _));
    }

    [Fact]
    public async Task Revoked_sign_in_sessions_refuse_the_OBO_refresh_token_with_AADSTS50173_and_a_new_sign_in_works()
    {
        var assertion = await _client.UserTokenForFrontApiAsync("carol", TestTenant.CarolPassword);
        var exchanged = await _client.OnBehalfOfAsync(assertion);
        exchanged.AssertSuccess();
        var refreshed = await _client.RefreshAsync(exchanged.RefreshToken!, TestTenant.TodoRead, TestTenant.FrontApi, TestTenant.FrontApiSecret);
        refreshed.AssertSuccess();

        using (var revoke = await _client.Http.PostAsync("/_emulator/users/carol/revokeSignInSessions", null, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        var refused = await _client.RefreshAsync(refreshed.RefreshToken!, TestTenant.TodoRead, TestTenant.FrontApi, TestTenant.FrontApiSecret);
        refused.AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50173);

        var signedInAgain = await _client.OnBehalfOfAsync(await _client.UserTokenForFrontApiAsync("carol", TestTenant.CarolPassword));
        (await _client.RefreshAsync(signedInAgain.RefreshToken!, TestTenant.TodoRead, TestTenant.FrontApi, TestTenant.FrontApiSecret)).AssertSuccess();
    }
}
