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
}
