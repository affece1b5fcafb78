using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AspireObo.SystemTests.Browser;

/// <summary>
/// "Try it in the browser", for real: headless Chromium opens FrontApi's API page, signs in on the EntraEmulator (code
/// flow with PKCE, over HTTPS with the emulator's own certificate pinned) and calls FrontApi, which goes On-Behalf-Of
/// alice to DownstreamApi.
/// </summary>
[Collection(SharedSystem.CollectionName)]
public sealed class BrowserSignInTests(SharedSystem shared) : BrowserTest
{
    private const string AliceObjectId = "9a1c3e5f-7b2d-4f6a-8c0e-1b3d5f7a9c2e";

    protected override RunningSystem System => shared.System;

    [Fact]
    public async Task Alice_signs_in_on_the_API_page_and_calls_api_me_after_a_wrong_password_is_refused()
    {
        var page = await OpenPageAsync();
        var before = await StatsAsync();

        var signIn = await page.AuthorizeAsync();
        await signIn.SubmitAsync(DevUser.Alice.UserName, "not-alices-password");
        await Expect(signIn.Error).ToHaveTextAsync("Your account or password is incorrect.");
        var afterWrongPassword = await StatsAsync();
        Assert.Equal(Issued(before), Issued(afterWrongPassword));
        Assert.Equal(SignIns(before, "failed") + 1, SignIns(afterWrongPassword, "failed"));

        var closed = signIn.ClosedAsync();
        var redemption = await page.Page.RunAndWaitForResponseAsync(
            () => signIn.SubmitAsync(DevUser.Alice.UserName, DevUser.Alice.Password), IsTokenResponse);
        await closed; // the page read the code from the popup and closed it
        Assert.Equal(200, redemption.Status);

        var response = await page.SendAsync("The caller as DownstreamApi sees them", "/api/me");

        Assert.Equal(200, response.Status);
        var me = JsonDocument.Parse(await response.TextAsync()).RootElement;
        Assert.Equal(AliceObjectId, me.GetProperty("oid").GetString());
        await Expect(page.Page.GetByText(AliceObjectId).First).ToBeVisibleAsync();
        Assert.Equal(Issued(before) + 1, Issued(await StatsAsync()));
        await page.ScreenshotAsync(Path.Combine(AppContext.BaseDirectory, "api-reference-after-api-me.png"));
    }

    [Fact]
    public async Task A_tampered_code_verifier_is_refused_by_the_token_endpoint_and_no_token_is_issued()
    {
        var page = await OpenPageAsync();
        // Rewrite the code_verifier of the page's code redemption on its way to the emulator (an attacker holding a stolen code).
        await page.Page.RouteAsync("**/oauth2/v2.0/token", async route =>
        {
            var form = global::System.Web.HttpUtility.ParseQueryString(route.Request.PostData ?? "");
            form["code_verifier"] = new string('A', 43) + "tampered";
            await route.ContinueAsync(new() { PostData = global::System.Text.Encoding.UTF8.GetBytes(form.ToString()!) });
        });
        var before = await StatsAsync();

        var signIn = await page.AuthorizeAsync();
        var redemption = await page.Page.RunAndWaitForResponseAsync(
            () => signIn.SubmitAsync(DevUser.Alice.UserName, DevUser.Alice.Password),
            IsTokenResponse);

        Assert.Equal(400, redemption.Status);
        var error = JsonDocument.Parse(await redemption.TextAsync()).RootElement;
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
        Assert.StartsWith("AADSTS50148: ", error.GetProperty("error_description").GetString());
        var after = await StatsAsync();
        Assert.Equal(SignIns(before, "succeeded") + 1, SignIns(after, "succeeded"));
        Assert.Equal(Issued(before), Issued(after));
    }

    private async Task<ApiReferencePage> OpenPageAsync()
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        var page = new ApiReferencePage(await context.NewPageAsync(), System.App.GetEndpoint("front", "http"));
        await page.OpenAsync();
        return page;
    }

    private static bool IsTokenResponse(IResponse response) => response.Url.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal);

    private Task<JsonElement> StatsAsync() =>
        System.Identity.Http.GetFromJsonAsync<JsonElement>("_emulator/stats", TestContext.Current.CancellationToken);

    private static long Issued(JsonElement stats) => stats.GetProperty("tokensIssued").GetProperty("authorization_code").GetInt64();

    private static long SignIns(JsonElement stats, string outcome) => stats.GetProperty("signIns").GetProperty(outcome).GetInt64();
}
