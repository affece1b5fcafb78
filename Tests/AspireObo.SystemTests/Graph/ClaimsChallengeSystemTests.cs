using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Identity.Client;

namespace AspireObo.SystemTests.Graph;

/// <summary>A system of its own: revoking alice's sessions must not disturb the shared system's tests.</summary>
public sealed class ClaimsChallengeSystem() : PrivateSystem(new SystemOptions());

/// <summary>
/// Claims challenges through the hop, end to end (README "Claims challenges: CAE and authentication context"). FrontApi
/// declares cp1, so its Graph token is a 28-hour CAE token; revoking alice's sessions makes Graph refuse it with a
/// claims challenge; FrontApi's new exchange with the claims cannot be satisfied by her old sign-in, so a caller that
/// declared cp1 gets the documented 401 claims challenge, signs in again with the claims, and succeeds. Deleting a todo
/// needs the authentication context c1: bob gets the challenge, steps up with the one-time code, and the delete is 204.
/// </summary>
[Collection(IsolatedSystems.Name)]
public sealed class ClaimsChallengeSystemTests(ClaimsChallengeSystem fixture) : IClassFixture<ClaimsChallengeSystem>
{
    private const string ClientCapabilities = """{"access_token":{"xms_cc":{"values":["cp1"]}}}""";

    private readonly RunningSystem _system = fixture.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_alices_sessions_are_revoked_her_cached_Graph_token_turns_into_a_claims_challenge_and_a_new_sign_in_succeeds()
    {
        var token = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation, claims: ClientCapabilities);
        Assert.Equal("cp1", token.Claims.GetProperty("xms_cc")[0].GetString());
        using (var front = _system.CreateFrontClient(token))
        using (var before = await front.GetAsync("/api/profile", Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            Assert.False((await before.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("partial").GetBoolean());
        }

        await Task.Delay(TimeSpan.FromSeconds(1.1), Cancellation); // tokens count whole seconds
        using (var revoked = await _system.Identity.Http.PostAsync($"_emulator/users/{DevUser.Alice.UserName}/revokeSignInSessions", null, Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        }

        string claims;
        using (var front = _system.CreateFrontClient(token))
        using (var challenged = await front.GetAsync("/api/profile", Cancellation))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, challenged.StatusCode);
            Assert.Equal("application/problem+json", challenged.Content.Headers.ContentType?.MediaType);
            var parameters = WwwAuthenticateParameters.CreateFromAuthenticationHeaders(challenged.Headers, "Bearer");
            Assert.Equal("insufficient_claims", parameters.Error);
            claims = WwwAuthenticateParameters.GetClaimChallengeFromResponseHeaders(challenged.Headers)!;
            Assert.Contains("\"nbf\"", claims, StringComparison.Ordinal);
        }

        // The client signs alice in again with the claims (merged with its capabilities, as MSAL sends them).
        var again = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation, claims: WithCapabilities(claims));
        using var after = _system.CreateFrontClient(again);
        using var recovered = await after.GetAsync("/api/profile", Cancellation);

        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        var profile = await recovered.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.False(profile.GetProperty("partial").GetBoolean());
        Assert.Equal(token.ObjectId, profile.GetProperty("graph").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Deleting_a_todo_as_bob_asks_for_c1_and_after_the_step_up_with_the_one_time_code_it_is_204()
    {
        var token = await _system.Identity.GetUserTokenAsync(DevUser.Bob, Cancellation, claims: ClientCapabilities);
        using var front = _system.CreateFrontClient(token);
        using var created = await front.PostAsJsonAsync("/api/todos", new { title = "step up to delete me" }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString();

        using var challenged = await front.DeleteAsync($"/api/todos/{id}", Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, challenged.StatusCode);
        var claims = WwwAuthenticateParameters.GetClaimChallengeFromResponseHeaders(challenged.Headers)!;
        using (var parsed = JsonDocument.Parse(claims))
        {
            Assert.Equal("c1", parsed.RootElement.GetProperty("access_token").GetProperty("acrs").GetProperty("value").GetString());
        }

        using (var stillThere = await front.GetAsync($"/api/todos/{id}", Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode); // nothing was deleted
        }

        var steppedUp = await new InteractiveSignIn(_system).SignInAsync(DevUser.Bob, claims, Cancellation);
        Assert.Equal("c1", steppedUp.Claims.GetProperty("acrs")[0].GetString());
        using var after = _system.CreateFrontClient(steppedUp);
        using var deleted = await after.DeleteAsync($"/api/todos/{id}", Cancellation);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await after.GetAsync($"/api/todos/{id}", Cancellation);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_caller_without_cp1_gets_a_403_it_can_read_and_never_a_claims_challenge()
    {
        var token = await _system.Identity.GetUserTokenAsync(DevUser.Bob, Cancellation);
        Assert.False(token.Claims.TryGetProperty("xms_cc", out _));
        using var front = _system.CreateFrontClient(token);
        using var created = await front.PostAsJsonAsync("/api/todos", new { title = "no cp1" }, Cancellation);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString();

        using var refused = await front.DeleteAsync($"/api/todos/{id}", Cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("consent", WwwAuthenticateParameters.CreateFromAuthenticationHeaders(refused.Headers, "Bearer")["proposedAction"]);
    }

    /// <summary>The challenge's claims with the client capabilities, as MSAL merges them into its request.</summary>
    private static string WithCapabilities(string claims)
    {
        var accessToken = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonDocument.Parse(claims).RootElement.GetProperty("access_token").GetRawText())!;
        accessToken["xms_cc"] = JsonDocument.Parse("""{"values":["cp1"]}""").RootElement;
        return JsonSerializer.Serialize(new { access_token = accessToken });
    }
}
