using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace AspireObo.SystemTests.Security;

/// <summary>A refused token is logged — why, where — and the token itself is in no log record, as the dashboard shows them.</summary>
[Collection(SharedSystem.CollectionName)]
public sealed class TokenRejectionLogTests(SharedSystem shared)
{
    private static readonly TimeSpan LogArrivalTimeout = TimeSpan.FromSeconds(60);

    private readonly RunningSystem _system = shared.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("front", "/api/todos")]
    [InlineData("downstream", "/todos")]
    public async Task A_refused_token_is_logged_with_its_reason_and_without_the_token(string resource, string path)
    {
        var alice = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        using var forge = new TokenForge(_system.EmulatorSigningKeyPath, alice);
        var audience = resource == "front" ? DevTenant.FrontApiClientId : DevTenant.DownstreamApiClientId;
        var expired = forge.Trusted(forge.UserClaims(audience, "access_as_user Todo.Read"), DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-1));
        var traceId = ActivityTraceId.CreateRandom();

        using var client = resource == "front" ? _system.CreateFrontClient() : _system.CreateDownstreamClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", expired.Value);
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await client.SendAsync(request, Cancellation);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        var logs = await WaitForLogAsync(traceId.ToHexString(), "IDX10223");

        var signature = expired.Value.Split('.')[2];
        var payload = expired.Value.Split('.')[1];
        Assert.DoesNotContain(signature, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(payload, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(alice.Value.Split('.')[2], logs, StringComparison.Ordinal);
    }

    /// <summary>All log records the dashboard holds, once one of them belongs to the trace and names the reason.</summary>
    private async Task<string> WaitForLogAsync(string traceId, string reason)
    {
        var dashboard = await _system.App.GetDashboardUrlAsync(Cancellation) ?? throw new InvalidOperationException("No dashboard.");
        using var http = new HttpClient { BaseAddress = dashboard };
        http.DefaultRequestHeaders.Add("X-API-Key", _system.DashboardApiKey);

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var logs = await http.GetStringAsync("/api/telemetry/logs", Cancellation);
            if (logs.Contains(traceId, StringComparison.OrdinalIgnoreCase) && logs.Contains(reason, StringComparison.Ordinal))
            {
                return logs;
            }

            Assert.True(deadline.Elapsed < LogArrivalTimeout, $"No log record of trace {traceId} naming {reason} within {LogArrivalTimeout}.");
            await Task.Delay(250, Cancellation);
        }
    }
}
