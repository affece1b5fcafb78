using System.Net;

namespace AspireObo.SystemTests.Graph;

/// <summary>
/// <c>/api/profile</c> as the Aspire dashboard shows it: one trace with both token acquisitions (each with its OBO call
/// to the token endpoint) and both hops, into DownstreamApi and into Graph (the emulator's <c>/v1.0/me</c>).
/// </summary>
[Collection(TelemetrySystem.CollectionName)]
public sealed class GraphProfileTraceTests(TelemetrySystem telemetry)
{
    private readonly RunningSystem _system = telemetry.System;
    private readonly DashboardTelemetry _dashboard = telemetry.Dashboard;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_profile_request_is_one_trace_with_both_acquisitions_and_both_hops()
    {
        var token = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        using var front = _system.CreateFrontClient(token);

        var (traceId, callerSpanId) = await front.SendTracedAsync(HttpMethod.Get, "/api/profile", HttpStatusCode.OK, Cancellation);

        // FrontApi's server span ends last, and may be exported in a later batch than its children: wait for it too.
        var spans = await _dashboard.WaitForSpansAsync(traceId, all =>
            all.Any(span => IsFrontServer(span, callerSpanId))
            && all.Any(span => span.Service == "downstream" && span.Kind == ExportedSpan.ServerKind)
            && all.Any(IsGraphServer)
            && all.Count(span => span.Name.StartsWith("acquire token", StringComparison.Ordinal)) == 2
            && all.Count(IsTokenEndpointServer) == 2,
            TelemetrySystem.ArrivalTimeout, Cancellation);

        var frontServer = Assert.Single(spans, span => IsFrontServer(span, callerSpanId));
        var todoAcquisition = Assert.Single(spans, span => span.Name == "acquire token DownstreamApi");
        var graphAcquisition = Assert.Single(spans, span => span.Name == "acquire token MicrosoftGraph");
        Assert.Equal(frontServer.SpanId, todoAcquisition.ParentSpanId);
        Assert.Equal(frontServer.SpanId, graphAcquisition.ParentSpanId);
        Assert.Equal("identity_provider", graphAcquisition.Attribute("aspireobo.token.source"));
        Assert.Equal("User.Read", graphAcquisition.Attribute("aspireobo.token.scopes"));

        // Each acquisition holds its own OBO exchange at the emulator's token endpoint.
        var exchanges = spans.Where(IsTokenEndpointServer).ToList();
        Assert.Contains(exchanges, exchange => IsWithin(spans, exchange, todoAcquisition));
        Assert.Contains(exchanges, exchange => IsWithin(spans, exchange, graphAcquisition));
        Assert.All(exchanges, exchange => Assert.Equal("on_behalf_of", exchange.Attribute("entra_emulator.grant_type")));

        // Both hops are inside FrontApi's request, and outside the acquisitions.
        var graphServer = Assert.Single(spans, IsGraphServer);
        var downstreamServer = Assert.Single(spans, span => span.Service == "downstream" && span.Kind == ExportedSpan.ServerKind);
        Assert.True(IsWithin(spans, graphServer, frontServer), "Graph's /v1.0/me is not inside FrontApi's request.");
        Assert.False(IsWithin(spans, graphServer, graphAcquisition), "The call to Graph should follow the acquisition, not be inside it.");
        Assert.True(IsWithin(spans, downstreamServer, frontServer), "DownstreamApi's request is not inside FrontApi's request.");
    }

    private static bool IsFrontServer(ExportedSpan span, string callerSpanId) =>
        span.Service == "front" && span.Kind == ExportedSpan.ServerKind && span.ParentSpanId == callerSpanId;

    private static bool IsGraphServer(ExportedSpan span) =>
        span.Service == "identity" && span.Kind == ExportedSpan.ServerKind && span.Name.Contains("/v1.0/me", StringComparison.Ordinal);

    private static bool IsTokenEndpointServer(ExportedSpan span) =>
        span.Service == "identity" && span.Kind == ExportedSpan.ServerKind && span.Name.Contains("/oauth2/v2.0/token", StringComparison.Ordinal);

    private static bool IsWithin(IReadOnlyList<ExportedSpan> spans, ExportedSpan span, ExportedSpan ancestor)
    {
        for (var current = span; current?.ParentSpanId is { } parentId;)
        {
            if (parentId == ancestor.SpanId)
            {
                return true;
            }

            current = spans.FirstOrDefault(candidate => candidate.SpanId == parentId);
        }

        return false;
    }
}
