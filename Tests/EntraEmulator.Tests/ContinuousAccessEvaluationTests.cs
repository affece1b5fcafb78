using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EntraEmulator.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace EntraEmulator.Tests;

/// <summary>
/// Continuous Access Evaluation as Microsoft Learn describes it ("Claims challenges, claims requests and client
/// capabilities"; "How to use Continuous Access Evaluation enabled APIs in your applications"): a client declares
/// <c>cp1</c> in the claims request (<c>xms_cc</c>), on the OBO grant too; a CAE resource (Graph) then gets a long-lived
/// token (28 hours) carrying <c>xms_cc</c>, which Graph rejects after a critical event with 401 and an
/// <c>insufficient_claims</c> challenge; a client without <c>cp1</c> gets a short-lived token and never that challenge.
/// </summary>
public sealed class ContinuousAccessEvaluationTests : IAsyncLifetime
{
    private const string GraphAppId = "00000003-0000-0000-c000-000000000000";
    private const string ClientCapabilities = """{"access_token":{"xms_cc":{"values":["cp1"]}}}""";

    private readonly EmulatorFactory _emulator = new();
    private readonly TokenClient _client;

    public ContinuousAccessEvaluationTests() => _client = _emulator.CreateTokenClient();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _emulator.DisposeAsync();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_cp1_OBO_exchange_for_Graph_gets_a_28_hour_token_with_xms_cc_and_without_cp1_a_default_one()
    {
        var assertion = await _client.UserTokenForFrontApiAsync("carol", TestTenant.CarolPassword);

        var cae = await GraphTokenAsync(assertion, ClientCapabilities);
        var plain = await GraphTokenAsync(assertion, claims: null);

        Assert.Equal(28 * 3600, cae.Body.GetProperty("expires_in").GetInt64());
        var caeToken = await _client.ValidateAsync(cae.AccessToken, GraphAppId);
        Assert.Equal(["cp1"], caeToken.Claims.Where(claim => claim.Type == "xms_cc").Select(claim => claim.Value));
        Assert.Equal(28 * 3600, caeToken.GetPayloadValue<long>("exp") - caeToken.GetPayloadValue<long>("iat"));

        Assert.InRange(plain.Body.GetProperty("expires_in").GetInt64(), 60 * 60, 90 * 60);
        Assert.False((await _client.ValidateAsync(plain.AccessToken, GraphAppId)).TryGetClaim("xms_cc", out _));
    }

    [Fact]
    public async Task A_non_CAE_resource_keeps_the_default_lifetime_and_gets_xms_cc_only_as_an_optional_claim()
    {
        // DownstreamApi is no CAE resource and does not ask for xms_cc; FrontApi asks for it (appsettings.json).
        var assertion = await PasswordAsync("carol", TestTenant.CarolPassword, ClientCapabilities);
        Assert.Equal(["cp1"], (await _client.ValidateAsync(assertion, TestTenant.FrontApi)).Claims.Where(claim => claim.Type == "xms_cc").Select(claim => claim.Value));
        Assert.False((await _client.ValidateAsync(await PasswordAsync("carol", TestTenant.CarolPassword, null), TestTenant.FrontApi)).TryGetClaim("xms_cc", out _));

        var downstream = await _client.PostAsync(OnBehalfOfForm(assertion, $"{TestTenant.TodoRead} {TestTenant.MsalExtraScopes}", ClientCapabilities));

        downstream.AssertSuccess();
        Assert.InRange(downstream.Body.GetProperty("expires_in").GetInt64(), 60 * 60, 90 * 60);
        Assert.False((await _client.ValidateAsync(downstream.AccessToken, TestTenant.DownstreamApi)).TryGetClaim("xms_cc", out _));
    }

    [Fact]
    public async Task After_revoked_sessions_Graph_challenges_the_cp1_token_the_exchange_refuses_the_old_sign_in_and_a_new_sign_in_recovers()
    {
        var assertion = await _client.UserTokenForFrontApiAsync("carol", TestTenant.CarolPassword);
        var cae = await GraphTokenAsync(assertion, ClientCapabilities);
        var plain = await GraphTokenAsync(assertion, claims: null);
        Assert.Equal(HttpStatusCode.OK, (await GetMeAsync(cae.AccessToken)).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1.1), Cancellation); // iat counts whole seconds

        await PostEventAsync("/_emulator/users/carol/revokeSignInSessions");

        using var challenged = await GetMeAsync(cae.AccessToken);
        var claims = AssertClaimsChallenge(challenged);
        Assert.True(claims.GetProperty("access_token").GetProperty("nbf").GetProperty("essential").GetBoolean());
        // A client that never said it handles challenges is not given one: its short-lived token runs out instead.
        using (var served = await GetMeAsync(plain.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        // The middle tier tries the claims in a new exchange: the user's old sign-in cannot satisfy them.
        var refused = await _client.PostAsync(OnBehalfOfForm(assertion, $"User.Read {TestTenant.MsalExtraScopes}", Merge(claims)));
        refused.AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50133);
        Assert.Equal("basic_action", refused.Body.GetProperty("suberror").GetString());
        Assert.Contains("nbf", refused.Body.GetProperty("claims").GetString());

        // Signing in again (a password sign-in satisfies nbf) gives a token that Graph serves.
        var again = await PasswordAsync("carol", TestTenant.CarolPassword, Merge(claims));
        using var recovered = await GetMeAsync((await GraphTokenAsync(again, ClientCapabilities)).AccessToken);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    [Fact]
    public async Task A_disabled_account_is_AADSTS50057_everywhere_and_its_cp1_Graph_token_is_challenged_until_enabled_and_signed_in_again()
    {
        var assertion = await _client.UserTokenForFrontApiAsync("erin", TestTenant.ErinPassword);
        var cae = await GraphTokenAsync(assertion, ClientCapabilities);
        var refreshToken = cae.RefreshToken!;
        await Task.Delay(TimeSpan.FromSeconds(1.1), Cancellation);

        await PostEventAsync("/_emulator/users/erin/disable");

        AssertClaimsChallenge(await GetMeAsync(cae.AccessToken));
        (await _client.PasswordAsync("erin", TestTenant.ErinPassword)).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50057);
        (await _client.OnBehalfOfAsync(assertion)).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50057);
        (await _client.RefreshAsync(refreshToken, "User.Read", TestTenant.FrontApi, TestTenant.FrontApiSecret)).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50057);

        await PostEventAsync("/_emulator/users/erin/enable");

        AssertClaimsChallenge(await GetMeAsync(cae.AccessToken)); // enabling again does not bring the old sessions back
        var again = await _client.UserTokenForFrontApiAsync("erin", TestTenant.ErinPassword);
        Assert.Equal(HttpStatusCode.OK, (await GetMeAsync((await GraphTokenAsync(again, ClientCapabilities)).AccessToken)).StatusCode);
    }

    [Fact]
    public async Task A_changed_password_refuses_the_old_one_revokes_the_sessions_and_the_new_one_signs_in()
    {
        var assertion = await _client.UserTokenForFrontApiAsync("carol", TestTenant.CarolPassword);
        var cae = await GraphTokenAsync(assertion, ClientCapabilities);
        await Task.Delay(TimeSpan.FromSeconds(1.1), Cancellation);

        using (var changed = await _client.Http.PostAsJsonAsync("/_emulator/users/carol/changePassword", new { newPassword = "carol-new-password" }, Cancellation))
        {
            Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        }

        AssertClaimsChallenge(await GetMeAsync(cae.AccessToken));
        (await _client.PasswordAsync("carol", TestTenant.CarolPassword)).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50126);
        (await _client.RefreshAsync(cae.RefreshToken!, "User.Read", TestTenant.FrontApi, TestTenant.FrontApiSecret)).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50173);
        (await _client.PasswordAsync("carol", "carol-new-password")).AssertSuccess();
    }

    [Fact]
    public async Task A_password_change_without_a_new_password_is_a_problem_and_changes_nothing()
    {
        using var response = await _client.Http.PostAsJsonAsync("/_emulator/users/carol/changePassword", new { }, Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        (await _client.PasswordAsync("carol", TestTenant.CarolPassword)).AssertSuccess();
    }

    private static JsonElement AssertClaimsChallenge(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var header = response.Headers.WwwAuthenticate.ToString();
            Assert.StartsWith("Bearer ", header, StringComparison.Ordinal);
            Assert.Contains("error=\"insufficient_claims\"", header, StringComparison.Ordinal);
            var claims = WwwAuthenticateValue(header, "claims");
            return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(claims))).RootElement.Clone();
        }
    }

    private static string WwwAuthenticateValue(string header, string name)
    {
        var start = header.IndexOf(name + "=\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {name} in {header}");
        start += name.Length + 2;
        return header[start..header.IndexOf('"', start)];
    }

    /// <summary>The challenge's claims with the client capabilities, as MSAL merges them.</summary>
    private static string Merge(JsonElement challenge)
    {
        var accessToken = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(challenge.GetProperty("access_token").GetRawText())!;
        accessToken["xms_cc"] = JsonDocument.Parse("""{"values":["cp1"]}""").RootElement;
        return JsonSerializer.Serialize(new { access_token = accessToken });
    }

    private async Task PostEventAsync(string path)
    {
        using var response = await _client.Http.PostAsync(path, null, Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<HttpResponseMessage> GetMeAsync(string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1.0/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await _client.Http.SendAsync(request, Cancellation);
    }

    private async Task<TokenResult> GraphTokenAsync(string assertion, string? claims)
    {
        var result = await _client.PostAsync(OnBehalfOfForm(assertion, $"User.Read {TestTenant.MsalExtraScopes}", claims));
        result.AssertSuccess();
        return result;
    }

    private async Task<string> PasswordAsync(string userName, string password, string? claims)
    {
        var result = await _client.PostAsync(TokenClient.Form(
            ("grant_type", "password"),
            ("client_id", TestTenant.DevClient),
            ("username", userName),
            ("password", password),
            ("scope", $"{TestTenant.FrontScope} {TestTenant.MsalExtraScopes}"),
            ("claims", claims)));
        result.AssertSuccess();
        return result.AccessToken;
    }

    internal static IEnumerable<KeyValuePair<string, string>> OnBehalfOfForm(string assertion, string scope, string? claims) => TokenClient.Form(
        ("client_id", TestTenant.FrontApi),
        ("client_secret", TestTenant.FrontApiSecret),
        ("scope", scope),
        ("client_info", "1"),
        ("grant_type", TokenClient.JwtBearer),
        ("assertion", assertion),
        ("requested_token_use", "on_behalf_of"),
        ("claims", claims));
}
