using System.Net.Http.Json;
using System.Text.Json;
using EntraEmulator.Diagnostics;
using EntraEmulator.Tests.Infrastructure;

namespace EntraEmulator.Tests;

public sealed class EmulatorStatsTests
{
    [Fact]
    public void Counts_per_assertion_stay_bounded_and_keep_the_latest_assertions_exact()
    {
        var stats = new EmulatorStats();
        const int Exchanges = 30_000; // a long load run: every exchange with a new incoming token

        for (var i = 0; i < Exchanges; i++)
        {
            stats.OnBehalfOfIssued(TestTenant.AliceObjectId, $"uti-{i}");
        }
        stats.OnBehalfOfIssued(TestTenant.AliceObjectId, $"uti-{Exchanges - 1}");

        var snapshot = stats.GetSnapshot().OnBehalfOf;
        Assert.InRange(snapshot.ByAssertion.Count, 1, EmulatorStats.MaxTrackedAssertions);
        Assert.Equal(2, snapshot.ByAssertion[$"uti-{Exchanges - 1}"]);
        Assert.Equal(1, snapshot.ByAssertion[$"uti-{Exchanges - 2}"]);
        Assert.Equal(Exchanges + 1, snapshot.ByUser[TestTenant.AliceObjectId]);
    }

    [Fact]
    public async Task Stats_count_the_refresh_tokens_the_emulator_holds()
    {
        await using var emulator = new EmulatorFactory();
        var client = emulator.CreateTokenClient();
        var before = (await client.Http.GetFromJsonAsync<JsonElement>("/_emulator/stats", TestContext.Current.CancellationToken)).GetProperty("refreshTokens").GetInt32();

        var signedIn = await client.PasswordAsync(scope: $"api://{TestTenant.FrontApi}/access_as_user offline_access");
        signedIn.AssertSuccess();
        Assert.NotNull(signedIn.RefreshToken);

        var after = (await client.Http.GetFromJsonAsync<JsonElement>("/_emulator/stats", TestContext.Current.CancellationToken)).GetProperty("refreshTokens").GetInt32();
        Assert.Equal(before + 1, after);
    }
}
