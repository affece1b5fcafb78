using Aspire.Hosting.ApplicationModel;
using System.Net;

namespace AspireObo.SystemTests.Dashboard;

/// <summary>
/// The dashboard's commands (AppHost/Dashboard), run through Aspire's command service exactly as the dashboard runs
/// them, and their effect read back from the traces the dashboard shows.
/// </summary>
[Collection(IsolatedSystems.Name)]
public sealed class DashboardCommandTests(ControlPanelSystem fixture) : IClassFixture<ControlPanelSystem>
{
    private const string AcquisitionSpanName = "acquire token DownstreamApi";

    private readonly RunningSystem _system = fixture.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Clear_token_cache_makes_the_next_request_with_a_cached_token_a_fresh_exchange()
    {
        var token = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        using var front = _system.CreateFrontClient(token);
        var (warmTrace, _) = await front.SendTracedAsync(HttpMethod.Get, "/api/todos", HttpStatusCode.OK, Cancellation);
        var (cachedTrace, _) = await front.SendTracedAsync(HttpMethod.Get, "/api/todos", HttpStatusCode.OK, Cancellation);
        Assert.Equal("l1_cache", (await AcquisitionAsync(cachedTrace)).Attribute("aspireobo.token.source"));

        var result = await fixture.RunCommandAsync("front", "clear-token-cache", Cancellation);

        Assert.True(result.Success, result.Message);
        Assert.StartsWith("token cache cleared", await fixture.ScenarioAsync("front", Cancellation));
        var (freshTrace, _) = await front.SendTracedAsync(HttpMethod.Get, "/api/todos", HttpStatusCode.OK, Cancellation);
        Assert.Equal("identity_provider", (await AcquisitionAsync(freshTrace)).Attribute("aspireobo.token.source"));
        Assert.Equal(2, await _system.Identity.GetOnBehalfOfCountAsync(token, Cancellation));
        Assert.NotEqual(warmTrace, freshTrace);
    }

    [Fact]
    public async Task Require_MFA_for_bob_makes_his_next_exchange_a_claims_challenge_until_faults_are_cleared()
    {
        var token = await _system.Identity.GetUserTokenAsync(DevUser.Bob, Cancellation);
        using var front = _system.CreateFrontClient(token);

        var required = await fixture.RunCommandAsync("identity", "require-mfa", Cancellation, user: "bob");

        Assert.True(required.Success, required.Message);
        Assert.Contains("MFA required: bob", await fixture.ScenarioAsync("identity", Cancellation));
        var (traceId, _) = await front.SendTracedAsync(HttpMethod.Get, "/api/me", HttpStatusCode.Forbidden, Cancellation);
        var acquisition = await AcquisitionAsync(traceId);
        Assert.Equal(ExportedSpan.ErrorStatus, acquisition.StatusCode);
        Assert.Equal("AADSTS50076", acquisition.Attribute("aspireobo.token.sts_error_code"));

        var cleared = await fixture.RunCommandAsync("identity", "clear-faults", Cancellation);

        Assert.True(cleared.Success, cleared.Message);
        Assert.Equal("normal", await fixture.ScenarioAsync("identity", Cancellation));
        using var after = await front.GetAsync("/api/me", Cancellation);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Require_MFA_without_a_known_user_fails_and_changes_nothing()
    {
        var result = await fixture.RunCommandAsync("identity", "require-mfa", Cancellation, user: "mallory");

        Assert.False(result.Success);
        using var front = _system.CreateFrontClient(await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation));
        using var response = await front.GetAsync("/api/me", Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_a_token_shows_a_ready_curl_whose_token_FrontApi_accepts()
    {
        var result = await fixture.RunCommandAsync("front", "get-dev-user-token", Cancellation, user: "alice");

        Assert.True(result.Success, result.Message);
        var markdown = result.Data!.Value;
        var bearer = System.Text.RegularExpressions.Regex.Match(markdown, "Authorization: Bearer ([A-Za-z0-9._-]+)\"").Groups[1].Value;
        Assert.Contains($"{_system.App.GetEndpoint("front", "http").ToString().TrimEnd('/')}/api/me", markdown);
        using var front = _system.CreateFrontClient(new AccessToken(bearer));
        using var response = await front.GetAsync("/api/me", Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<ExportedSpan> AcquisitionAsync(string traceId) =>
        Acquisition(fixture.Dashboard, traceId);

    internal static async Task<ExportedSpan> Acquisition(DashboardTelemetry dashboard, string traceId)
    {
        var spans = await dashboard.WaitForSpansAsync(traceId, all => all.Any(span => span.Name == AcquisitionSpanName),
            TelemetrySystem.ArrivalTimeout, Cancellation);
        return spans.Single(span => span.Name == AcquisitionSpanName);
    }
}
