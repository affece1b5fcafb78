using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AspireObo.SystemTests.Graph;
using static AspireObo.SystemTests.Infrastructure.SpanTree;

namespace AspireObo.SystemTests.Telemetry;

/// <summary>
/// Issue 26's trace: a sensitive operation's claims challenge as the dashboard shows it. Bob deletes a todo without the
/// authentication context DownstreamApi asks for: DownstreamApi's 401 challenge, FrontApi's one new exchange asking for
/// those claims (refused by the identity platform: only bob can meet them), and the challenge relayed to the caller —
/// one trace, no second DownstreamApi call. (A system of its own: the telemetry system's FrontApi may only read todos.)
/// </summary>
[Collection(IsolatedSystems.Name)]
public sealed class ClaimsChallengeTraceTests(ClaimsChallengeSystem fixture) : IClassFixture<ClaimsChallengeSystem>
{
    private const string AcquisitionSpanName = "acquire token DownstreamApi";
    private const string ClientCapabilities = """{"access_token":{"xms_cc":{"values":["cp1"]}}}""";

    private readonly RunningSystem _system = fixture.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_trace_shows_DownstreamApis_challenge_the_exchange_with_its_claims_and_the_relay_to_the_caller()
    {
        var token = await _system.Identity.GetUserTokenAsync(DevUser.Bob, Cancellation, claims: ClientCapabilities);
        using var front = _system.CreateFrontClient(token);
        using var created = await front.PostAsJsonAsync("/api/todos", new { title = "traced step-up" }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString();

        using var dashboard = await DashboardTelemetry.ConnectAsync(_system, Cancellation);
        var (traceId, callerSpanId) = await front.SendTracedAsync(HttpMethod.Delete, $"/api/todos/{id}", HttpStatusCode.Unauthorized, Cancellation);

        var spans = await dashboard.WaitForSpansAsync(traceId, all =>
            all.Count(span => span.Name == AcquisitionSpanName) >= 2
            && all.Any(span => span.Service == "identity" && span.Kind == ExportedSpan.ServerKind)
            && all.Any(span => span.Service == "front" && span.Kind == ExportedSpan.ServerKind && span.ParentSpanId == callerSpanId),
            TelemetrySystem.ArrivalTimeout, Cancellation);

        // DownstreamApi was called once, and answered the challenge.
        var downstream = Assert.Single(spans, span => span.Service == "downstream" && span.Kind == ExportedSpan.ServerKind);
        Assert.Equal("401", downstream.Attribute("http.response.status_code"));

        // The first token came from the cache; the second acquisition asked the identity platform with the claims, and
        // was refused with what only the user can satisfy.
        var acquisitions = spans.Where(span => span.Name == AcquisitionSpanName).ToList();
        Assert.Equal(2, acquisitions.Count);
        var cached = Assert.Single(acquisitions, span => span.StatusCode != ExportedSpan.ErrorStatus);
        Assert.NotEqual("identity_provider", cached.Attribute("aspireobo.token.source"));
        var withClaims = Assert.Single(acquisitions, span => span.StatusCode == ExportedSpan.ErrorStatus);
        Assert.NotNull(withClaims.Attribute("aspireobo.token.sts_error_code"));
        var exchange = Assert.Single(spans, span => span.Service == "identity" && span.Kind == ExportedSpan.ServerKind);
        Assert.Equal("on_behalf_of", exchange.Attribute("entra_emulator.grant_type"));
        Assert.True(IsWithin(spans, exchange, withClaims), "The exchange is not inside the second acquisition.");

        // FrontApi relayed the challenge to its caller (a cp1 client): 401.
        var frontServer = Assert.Single(spans, span => span.Service == "front" && span.Kind == ExportedSpan.ServerKind && span.ParentSpanId == callerSpanId);
        Assert.Equal("401", frontServer.Attribute("http.response.status_code"));
    }
}
