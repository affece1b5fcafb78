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
