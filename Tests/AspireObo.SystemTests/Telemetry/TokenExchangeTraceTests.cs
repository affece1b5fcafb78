using System.Net;
using System.Net.Http.Json;
using static AspireObo.SystemTests.Infrastructure.SpanTree;

namespace AspireObo.SystemTests.Telemetry;

/// <summary>
/// The token exchange as the Aspire dashboard shows it, read back from what the services exported over OTLP: one
/// trace per request to FrontApi, across FrontApi, the EntraEmulator and DownstreamApi.
/// </summary>
[Collection(TelemetrySystem.CollectionName)]
public sealed class TokenExchangeTraceTests(TelemetrySystem telemetry)
{
    private const string AcquisitionSpanName = "acquire token DownstreamApi";

    private readonly RunningSystem _system = telemetry.System;
    private readonly DashboardTelemetry _dashboard = telemetry.Dashboard;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_cold_cache_request_is_one_trace_through_the_token_endpoint_and_DownstreamApi()
    {
        var token = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        using var front = _system.CreateFrontClient(token);

        var (traceId, callerSpanId) = await front.SendTracedAsync(HttpMethod.Get, "/api/todos", HttpStatusCode.OK, Cancellation);

        var spans = await _dashboard.WaitForSpansAsync(traceId, all => ColdTrace.TryFind(all, callerSpanId) is not null, TelemetrySystem.ArrivalTimeout, Cancellation);
        var trace = ColdTrace.TryFind(spans, callerSpanId)!;

        // Parent/child links hold across the three services.
        Assert.Equal(trace.FrontServer.SpanId, trace.Acquisition.ParentSpanId);
        Assert.True(IsWithin(spans, trace.TokenCall, trace.Acquisition), "The token-endpoint call is not inside the acquisition span.");
        Assert.Equal(trace.TokenCall.SpanId, trace.EmulatorServer.ParentSpanId);
        Assert.Contains(spans, span => span.Service == "front" && span.IsRedisCommand && IsWithin(spans, span, trace.Acquisition));
        Assert.False(IsWithin(spans, trace.DownstreamCall, trace.Acquisition), "The call to DownstreamApi should follow the acquisition, not be inside it.");
        Assert.True(IsWithin(spans, trace.DownstreamCall, trace.FrontServer), "The call to DownstreamApi is not inside FrontApi's request.");
        Assert.Equal(trace.DownstreamCall.SpanId, trace.DownstreamServer.ParentSpanId);
        Assert.Contains(spans, span => span.Service == "downstream" && span.IsRedisCommand && IsWithin(spans, span, trace.DownstreamServer));
        Assert.All(spans, span => Assert.True(span.ParentSpanId == callerSpanId || spans.Any(other => other.SpanId == span.ParentSpanId),
            $"{span} has a parent that is not in the trace."));

        // What the acquisition span says.
        Assert.Equal("DownstreamApi", trace.Acquisition.Attribute("aspireobo.downstream_api"));
        Assert.Equal("identity_provider", trace.Acquisition.Attribute("aspireobo.token.source"));
        Assert.Equal("NoCachedAccessToken", trace.Acquisition.Attribute("aspireobo.token.cache_refresh_reason"));
        Assert.Contains("/Todo.Read", trace.Acquisition.Attribute("aspireobo.token.scopes"));
        Assert.Equal("on_behalf_of", trace.EmulatorServer.Attribute("entra_emulator.grant_type"));

        // Logs are structured and carry the trace.
        var logs = await Eventually.ReadAsync(token => _dashboard.GetLogsAsync(traceId, token),
            records => records.Any(record => record.GetValueOrDefault("TokenSource") == "identity_provider"),
            TelemetrySystem.ArrivalTimeout, records => $"{records.Count} log records for the trace", Cancellation);
        var acquired = logs.First(record => record.GetValueOrDefault("TokenSource") == "identity_provider");
        Assert.Equal("DownstreamApi", acquired["DownstreamApi"]);
    }

    [Fact]
    public async Task A_warm_cache_request_takes_its_token_from_the_cache_without_a_token_endpoint_span()
    {
        var token = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        using var front = _system.CreateFrontClient(token);
        using (var first = await front.GetAsync("/api/todos", Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var (traceId, callerSpanId) = await front.SendTracedAsync(HttpMethod.Get, "/api/todos", HttpStatusCode.OK, Cancellation);

        // FrontApi's server span ends after every other span of its request, so once it is here, the acquisition's
        // children are too: a token-endpoint call would have been exported with them or before.
        var spans = await _dashboard.WaitForSpansAsync(traceId, all =>
            all.Any(span => span.Name == AcquisitionSpanName)
            && all.Any(span => span.Kind == ExportedSpan.ServerKind && span.Service == "front" && span.ParentSpanId == callerSpanId)
            && all.Any(span => span.Service == "downstream" && span.Kind == ExportedSpan.ServerKind),
            TelemetrySystem.ArrivalTimeout, Cancellation);

        var acquisition = Assert.Single(spans, span => span.Name == AcquisitionSpanName);
        Assert.Equal("l1_cache", acquisition.Attribute("aspireobo.token.source"));
        Assert.DoesNotContain(spans, IsTokenEndpointCall);
        Assert.DoesNotContain(spans, span => span.Service == "identity");
        Assert.Equal(1, await _system.Identity.GetOnBehalfOfCountAsync(token, Cancellation));
        Assert.Contains(spans, span => span.Kind == ExportedSpan.ServerKind && span.Service == "front" && span.ParentSpanId == callerSpanId);
    }

    [Fact]
    public async Task A_failed_exchange_shows_its_error_codes_on_the_acquisition_span()
    {
        var token = await _system.Identity.GetUserTokenAsync(DevUser.Bob, Cancellation);
        using var front = _system.CreateFrontClient(token);

        // In this system FrontApi has no consent for Todo.ReadWrite: the exchange for a write fails (403 + challenge).
        var (traceId, _) = await front.SendTracedAsync(HttpMethod.Post, "/api/todos", HttpStatusCode.Forbidden,
            Cancellation, JsonContent.Create(new { title = "Never stored" }));

        var spans = await _dashboard.WaitForSpansAsync(traceId, all =>
            all.Any(span => span.Name == AcquisitionSpanName) && all.Any(span => span.Service == "identity" && span.Kind == ExportedSpan.ServerKind),
            TelemetrySystem.ArrivalTimeout, Cancellation);

        var acquisition = Assert.Single(spans, span => span.Name == AcquisitionSpanName);
        Assert.Equal(ExportedSpan.ErrorStatus, acquisition.StatusCode);
        Assert.Equal("invalid_grant", acquisition.Attribute("aspireobo.token.error_code"));
        Assert.Equal("AADSTS65001", acquisition.Attribute("aspireobo.token.sts_error_code"));
        Assert.Equal("invalid_grant", acquisition.Attribute("error.type"));
        Assert.Null(acquisition.Attribute("aspireobo.token.source"));
        var emulator = Assert.Single(spans, span => span.Service == "identity" && span.Kind == ExportedSpan.ServerKind);
        Assert.Equal("AADSTS65001", emulator.Attribute("entra_emulator.error_code"));
    }

    private static bool IsTokenEndpointCall(ExportedSpan span) =>
        span.Service == "front" && span.Kind == ExportedSpan.ClientKind && span.Attribute("url.full")?.Contains("/oauth2/v2.0/token") == true;

    /// <summary>The spans a cold-cache request must produce, once they have all arrived.</summary>
    private sealed record ColdTrace(
        ExportedSpan FrontServer, ExportedSpan Acquisition, ExportedSpan TokenCall, ExportedSpan EmulatorServer,
        ExportedSpan DownstreamCall, ExportedSpan DownstreamServer)
    {
        public static ColdTrace? TryFind(IReadOnlyList<ExportedSpan> spans, string callerSpanId)
        {
            var frontServer = spans.FirstOrDefault(span => span.Service == "front" && span.Kind == ExportedSpan.ServerKind && span.ParentSpanId == callerSpanId);
            var acquisition = spans.FirstOrDefault(span => span.Service == "front" && span.Name == AcquisitionSpanName);
            var tokenCall = spans.FirstOrDefault(IsTokenEndpointCall);
            var emulatorServer = spans.FirstOrDefault(span => span.Service == "identity" && span.Kind == ExportedSpan.ServerKind
                && span.ParentSpanId == tokenCall?.SpanId);
            var downstreamServer = spans.FirstOrDefault(span => span.Service == "downstream" && span.Kind == ExportedSpan.ServerKind);
            var downstreamCall = spans.FirstOrDefault(span => span.SpanId == downstreamServer?.ParentSpanId);
            var redisInBoth = spans.Any(span => span.Service == "front" && span.IsRedisCommand)
                && spans.Any(span => span.Service == "downstream" && span.IsRedisCommand);

            return frontServer is null || acquisition is null || tokenCall is null || emulatorServer is null
                || downstreamCall is null || downstreamServer is null || !redisInBoth
                ? null
                : new ColdTrace(frontServer, acquisition, tokenCall, emulatorServer, downstreamCall, downstreamServer);
        }
    }
}
