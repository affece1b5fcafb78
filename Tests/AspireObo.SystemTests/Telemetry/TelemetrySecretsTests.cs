using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace AspireObo.SystemTests.Telemetry;

/// <summary>
/// Nothing secret leaves the services in their telemetry: over a run with successes, a failed exchange and a bad
/// token, no exported span, log record or metric holds a JWT, FrontApi's client secret or an assertion.
/// </summary>
[Collection(TelemetrySystem.CollectionName)]
public sealed partial class TelemetrySecretsTests(TelemetrySystem telemetry)
{
    private readonly RunningSystem _system = telemetry.System;
    private readonly DashboardTelemetry _dashboard = telemetry.Dashboard;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_exported_span_log_or_metric_contains_a_token_a_secret_or_an_assertion()
    {
        var alice = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        using var front = _system.CreateFrontClient(alice);

        // Success: the exchange (alice's token is its assertion) and a call served from the cache.
        var (succeeded, _) = await front.SendTracedAsync(HttpMethod.Get, "/api/todos", HttpStatusCode.OK, Cancellation);
        await front.SendTracedAsync(HttpMethod.Get, "/api/me", HttpStatusCode.OK, Cancellation);

        // A failed exchange: no consent for Todo.ReadWrite in this system (invalid_grant at the token endpoint).
        var (failedExchange, _) = await front.SendTracedAsync(HttpMethod.Post, "/api/todos",
            HttpStatusCode.Forbidden, Cancellation, JsonContent.Create(new { title = "Never stored" }));

        // A bad token: alice's, with a signature that is not the emulator's.
        var forged = alice.Value[..alice.Value.LastIndexOf('.')] + ".c2lnbmF0dXJlLW5vdC1ieS10aGUtZW11bGF0b3I";
        using var forger = _system.CreateFrontClient(new AccessToken(forged));
        var (badToken, _) = await forger.SendTracedAsync(HttpMethod.Get, "/api/todos", HttpStatusCode.Unauthorized, Cancellation);

        // Wait until the telemetry of all of it has arrived, so the scan below covers it.
        await _dashboard.WaitForSpansAsync(succeeded, spans => spans.Any(span => span.Service == "downstream"), TelemetrySystem.ArrivalTimeout, Cancellation);
        await _dashboard.WaitForSpansAsync(failedExchange, spans => spans.Any(span => span.Service == "identity" && span.Attribute("entra_emulator.error") == "invalid_grant"),
            TelemetrySystem.ArrivalTimeout, Cancellation);
        await _dashboard.WaitForSpansAsync(badToken, spans => spans.Any(span => span.Service == "front"), TelemetrySystem.ArrivalTimeout, Cancellation);
        await Eventually.ReadAsync(token => _dashboard.GetLogsAsync(failedExchange, token),
            records => records.Any(record => record.GetValueOrDefault("ErrorCode") == "invalid_grant"),
            TelemetrySystem.ArrivalTimeout, records => $"{records.Count} log records for the failed exchange", Cancellation);
        string[] expectedMetrics =
        [
            "aspireobo.token.acquisitions", "aspireobo.token.acquisition.duration", "failure", "identity_provider", "l1_cache",
            "MsalSuccess", "MsalFailure", "MsalTotalDuration.1A", "entra_emulator.tokens.issued", "on_behalf_of", "entra_emulator.token_requests.failed", "AADSTS65001",
        ];
        var metrics = await Eventually.ReadAsync(_ => Task.FromResult(telemetry.Metrics.Received("/v1/metrics")),
            bodies => expectedMetrics.All(name => bodies.Any(body => body.Contains(name, StringComparison.Ordinal))),
            TelemetrySystem.ArrivalTimeout, bodies => $"{bodies.Count} metric exports, missing {string.Join(", ", expectedMetrics.Where(name => !bodies.Any(body => body.Contains(name))))}",
            Cancellation);

        var exported = new List<(string What, string Text)>
        {
            ("spans", await _dashboard.GetAllAsTextAsync("spans", Cancellation)),
            ("logs", await _dashboard.GetAllAsTextAsync("logs", Cancellation)),
        };
        exported.AddRange(metrics.Select((body, index) => ($"metric export {index}", body)));

        string[] secrets = [telemetry.FrontApiClientSecret, alice.Value, Signature(alice.Value), Signature(forged), DevUser.Alice.Password];
        foreach (var (what, text) in exported)
        {
            // The message names only the start of what was found: the failure output must not spread the leak further.
            var jwt = Jwt().Match(text);
            Assert.False(jwt.Success, $"The {what} contain a JWT starting {(jwt.Success ? jwt.Value[..24] : "")}...");
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"The {what} contain a secret value.");
            }
        }
    }

    private static string Signature(string jwt) => jwt[(jwt.LastIndexOf('.') + 1)..];

    // Header and payload of a JWT: base64url of '{"' is "eyJ".
    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}")]
    private static partial Regex Jwt();
}
