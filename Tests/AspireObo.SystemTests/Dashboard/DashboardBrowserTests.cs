using System.Net;
using System.Text.RegularExpressions;
using AspireObo.SystemTests.Browser;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AspireObo.SystemTests.Dashboard;

/// <summary>
/// The dashboard as a developer uses it, in headless Chromium: click "Throttle the token endpoint" on <c>identity</c>,
/// confirm, see the scenario on the resource, and find the 429 on the token-exchange span of the next request's trace.
/// </summary>
[Collection(IsolatedSystems.Name)]
public sealed class DashboardBrowserTests(ControlPanelSystem fixture) : BrowserTest, IClassFixture<ControlPanelSystem>
{
    protected override RunningSystem System => fixture.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Throttle_clicked_in_the_dashboard_shows_on_identity_and_puts_a_429_on_the_next_token_exchange_span()
    {
        var dashboardUrl = (await System.App.GetDashboardUrlAsync(Cancellation))!;
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1600, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(dashboardUrl.ToString()); // the login link with its one-time token
        var identityRow = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "EntraEmulator.dll" });
        var dashboardFailed = page.Locator("#blazor-error-ui:visible"); // Blazor's "An unhandled error has occurred."
        await Expect(identityRow.Or(dashboardFailed).First).ToBeVisibleAsync();
        if (await dashboardFailed.IsVisibleAsync())
        {
            // The dashboard's own page lost its connection to the AppHost (seen once, under load, with "0 resources"):
            // Aspire's failure, not this sample's. The page is loaded once more; the row must then be there.
            await page.ReloadAsync();
        }

        await Expect(identityRow).ToBeVisibleAsync();

        // Alice signs in before the throttle: it hits every token request to the emulator, hers included.
        using var front = System.CreateFrontClient(await System.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation));

        try
        {
            await identityRow.GetByRole(AriaRole.Button, new() { Name = "Actions" }).ClickAsync();
            await page.GetByRole(AriaRole.Menuitem).Filter(new() { HasText = "Commands" }).First.HoverAsync(); // the resource's own commands live in this submenu
            await page.GetByText("Throttle the token endpoint (30 s)", new() { Exact = true }).First.ClickAsync();
            await Expect(page.GetByText("Throttle the token endpoint for 30 seconds?").First).ToBeVisibleAsync();
            await page.GetByText("Yes", new() { Exact = true }).First.ClickAsync(); // the confirmation dialog (Yes / No)
        }
        catch
        {
            // What the page showed, to see why (kept next to the test binaries).
            await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "dashboard-command-failure.png") });
            await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "dashboard-command-failure.html"), await page.ContentAsync(), Cancellation);
            throw;
        }

        // The scenario shows on the resource (its details), and the emulator really throttles.
        await Eventually.ReadAsync(token => fixture.ScenarioAsync("identity", token), scenario => scenario?.StartsWith("throttled", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(30), scenario => $"identity's scenario is '{scenario}'", Cancellation);
        await identityRow.GetByText("identity", new() { Exact = true }).ClickAsync();
        await Expect(page.GetByText(new Regex("throttled: 429 \\+ Retry-After 30 s")).First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "dashboard-throttle-command.png") });

        var (traceId, _) = await front.SendTracedAsync(HttpMethod.Get, "/api/me", HttpStatusCode.ServiceUnavailable, Cancellation);

        var spans = await fixture.Dashboard.WaitForSpansAsync(traceId, all =>
            all.Any(span => span.Name == AcquisitionSpanName) && all.Any(IsTokenEndpointCall), TelemetrySystem.ArrivalTimeout, Cancellation);
        var acquisition = spans.Single(span => span.Name == AcquisitionSpanName);
        var tokenCall = spans.Single(IsTokenEndpointCall);
        Assert.Equal(ExportedSpan.ErrorStatus, acquisition.StatusCode);
        Assert.Equal("429", tokenCall.Attribute("http.response.status_code"));
        Assert.True(IsWithin(spans, tokenCall, acquisition), "The 429 token-endpoint call is not inside the token-exchange span.");

        // The same trace in the dashboard's trace view, as a developer opens it next.
        await page.GotoAsync(new Uri(dashboardUrl, $"/traces/detail/{traceId}").ToString());
        await Expect(page.GetByText(AcquisitionSpanName).First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "dashboard-throttled-trace.png") });

        var cleared = await fixture.RunCommandAsync("identity", "clear-faults", Cancellation);
        Assert.True(cleared.Success, cleared.Message);
    }

    private const string AcquisitionSpanName = "acquire token DownstreamApi";

    private static bool IsWithin(IReadOnlyList<ExportedSpan> spans, ExportedSpan span, ExportedSpan ancestor)
    {
        for (var current = span; current?.ParentSpanId is { } parentId; current = spans.FirstOrDefault(other => other.SpanId == parentId))
        {
            if (parentId == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTokenEndpointCall(ExportedSpan span) =>
        span.Service == "front" && span.Kind == ExportedSpan.ClientKind && span.Attribute("url.full")?.Contains("/oauth2/v2.0/token") == true;
}
