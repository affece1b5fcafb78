using System.Net;
using System.Security.Cryptography;
using System.Text;
using FrontApi.Tests.Infrastructure;
using FrontApi.TokenCache;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ServiceDefaults.Telemetry;

namespace FrontApi.Tests.TokenCache;

/// <summary>
/// An entry in Redis that this replica cannot decrypt (not merely absent) — what a replica with another Data Protection
/// key wrote — costs the user a fresh exchange: that must show, at Error, in a metric and on <c>/health</c>, never silently.
/// </summary>
public sealed class UnreadableEntryTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_entry_that_cannot_be_decrypted_is_exchanged_again_logged_at_Error_counted_and_Degraded_on_health()
    {
        var logs = new FakeLogCollector();
        using var host = new FrontApiHost { RealTokenAcquisition = true, ConfigureLogging = logging => logging.AddProvider(new FakeLoggerProvider(logs)) };
        await host.WaitUntilReadyAsync();
        using var counted = new MetricCollector<long>(host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            AspireOboTelemetry.TokenCache, UnreadableEntries.InstrumentName);
        host.Downstream.Respond = (_, _) => Task.FromResult(ScriptedDownstreamApi.Json(new
        {
            oid = ScriptedDownstreamApi.Oid,
            tid = UserTokens.TenantId,
            azp = "front-api",
            scopes = new[] { "Todo.Read" },
        }));
        var token = host.UserTokens.For("erin");

        // The caller's partition (MSAL's key for an On-Behalf-Of exchange: the incoming token's hash), written by a
        // replica whose key this one lacks.
        var partition = Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        var otherKeyRing = new EphemeralDataProtectionProvider().CreateProtector("msal_cache");
        await host.Services.GetRequiredService<IDistributedCache>().SetAsync(partition, otherKeyRing.Protect([1, 2, 3]), Cancellation);

        using var erin = host.ClientWith(token);
        using var response = await erin.GetAsync("/api/me", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // the request goes on, with a fresh exchange
        Assert.Equal(1, host.Authority.OnBehalfOfRequestsFor("erin"));
        Assert.Contains(logs.GetSnapshot(), record => record.Level == LogLevel.Error && record.Message.Contains("could not be decrypted", StringComparison.Ordinal));
        // Counted at each read: MSAL looks the partition up before the exchange and again before writing the new token.
        Assert.InRange(counted.GetMeasurementSnapshot().EvaluateAsCounter(), 1, 2);
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Cancellation);
        Assert.Equal(HealthStatus.Degraded, health.Entries[UnreadableEntries.HealthCheckName].Status);
        Assert.DoesNotContain(token, string.Join('\n', logs.GetSnapshot().Select(record => record.Message)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_unreadable_entries_the_token_cache_is_healthy()
    {
        using var host = new FrontApiHost { RealTokenAcquisition = true };
        await host.WaitUntilReadyAsync();

        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Cancellation);

        Assert.Equal(HealthStatus.Healthy, health.Entries[UnreadableEntries.HealthCheckName].Status);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
