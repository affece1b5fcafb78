using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EntraEmulator.Tests.Infrastructure;

namespace EntraEmulator.Tests;

/// <summary>The development-only switches the reliability tests use: injected token-endpoint faults and load-test users.</summary>
public sealed class FaultsAndLoadTestUsersTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Throttling_fault_answers_429_with_Retry_After_in_Entra_shape_and_counts_the_request_until_healed()
    {
        await using var emulator = new EmulatorFactory();
        var client = emulator.CreateTokenClient();
        using (var set = await client.Http.PutAsJsonAsync("/_emulator/faults", new { statusCode = 429, retryAfterSeconds = 30 }, Cancellation))
        {
            Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        }

        var throttled = await client.PasswordAsync();
        throttled.AssertError(HttpStatusCode.TooManyRequests, "temporarily_unavailable", 90033);
        Assert.Equal(TimeSpan.FromSeconds(30), throttled.Headers.RetryAfter?.Delta);

        using (var heal = await client.Http.DeleteAsync("/_emulator/faults", Cancellation))
        {
            Assert.Equal(HttpStatusCode.NoContent, heal.StatusCode);
        }

        (await client.PasswordAsync()).AssertSuccess();
        var stats = await client.Http.GetFromJsonAsync<JsonElement>("/_emulator/stats", Cancellation);
        Assert.Equal(2, stats.GetProperty("tokenRequests").GetInt64());
    }

    [Fact]
    public async Task A_fault_with_a_duration_heals_by_itself()
    {
        var time = new AdjustableTimeProvider();
        await using var emulator = new EmulatorFactory(time: time);
        var client = emulator.CreateTokenClient();
        using (var set = await client.Http.PutAsJsonAsync("/_emulator/faults", new { statusCode = 429, retryAfterSeconds = 30, durationSeconds = 30 }, Cancellation))
        {
            Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        }

        (await client.PasswordAsync()).AssertError(HttpStatusCode.TooManyRequests, "temporarily_unavailable", 90033);
        time.Advance(TimeSpan.FromSeconds(31));

        (await client.PasswordAsync()).AssertSuccess();
        var state = await client.Http.GetFromJsonAsync<JsonElement>("/_emulator/faults", Cancellation);
        Assert.Equal(JsonValueKind.Null, state.GetProperty("tokenEndpoint").ValueKind);
    }

    [Fact]
    public async Task Mfa_switched_on_at_run_time_challenges_the_users_obo_until_faults_are_cleared()
    {
        await using var emulator = new EmulatorFactory();
        var client = emulator.CreateTokenClient();
        var aliceToken = await client.UserTokenForFrontApiAsync();
        using (var set = await client.Http.PutAsJsonAsync("/_emulator/faults/mfa", new { user = "alice" }, Cancellation))
        {
            Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        }

        (await client.OnBehalfOfAsync(aliceToken)).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50076);
        var state = await client.Http.GetFromJsonAsync<JsonElement>("/_emulator/faults", Cancellation);
        Assert.Equal("alice", state.GetProperty("mfaRequired")[0].GetProperty("userName").GetString());

        using (var heal = await client.Http.DeleteAsync("/_emulator/faults", Cancellation))
        {
            Assert.Equal(HttpStatusCode.NoContent, heal.StatusCode);
        }

        (await client.OnBehalfOfAsync(aliceToken)).AssertSuccess();
    }

    [Theory]
    [InlineData("""{"user":"nobody"}""")]
    [InlineData("""{"user":"alice","applications":["NoSuchApi"]}""")]
    public async Task Mfa_for_an_unknown_user_or_application_is_refused(string body)
    {
        await using var emulator = new EmulatorFactory();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await emulator.CreateClient().PutAsync("/_emulator/faults/mfa", content, Cancellation);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_fault_with_an_invalid_status_is_refused()
    {
        await using var emulator = new EmulatorFactory();
        using var response = await emulator.CreateClient().PutAsJsonAsync("/_emulator/faults", new { statusCode = 200 }, Cancellation);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task LoadTestUsers_adds_numbered_users_who_can_sign_in_with_distinct_object_ids()
    {
        await using var emulator = new EmulatorFactory(overrides: new Dictionary<string, string?> { ["EntraEmulator:LoadTestUsers"] = "3" });
        var client = emulator.CreateTokenClient();

        var first = await client.PasswordAsync("user001@aspireobo.dev", "user001-dev-password");
        var third = await client.PasswordAsync("user003", "user003-dev-password");
        first.AssertSuccess();
        third.AssertSuccess();
        (await client.PasswordAsync("user004", "user004-dev-password")).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50034);
        Assert.NotEqual(Oid(first.AccessToken), Oid(third.AccessToken));
    }

    private static string Oid(string jwt) => new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(jwt).GetClaim("oid").Value;
}
