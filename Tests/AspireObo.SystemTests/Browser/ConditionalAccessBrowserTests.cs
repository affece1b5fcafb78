using System.Text.Json;
using Microsoft.Identity.Client;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AspireObo.SystemTests.Browser;

/// <summary>
/// Conditional Access step-up from FrontApi's API page, in headless Chromium: dana signs in with her password and calls
/// /api/me; DownstreamApi requires MFA for her, so FrontApi answers 403 with a claims challenge. She signs in again
/// with those claims (the page passes <c>?claims=</c> on to the authorization request), the emulator asks for a second
/// factor (the one-time code it logs), and /api/me then answers 200.
/// </summary>
[Collection(SharedSystem.CollectionName)]
public sealed class ConditionalAccessBrowserTests(SharedSystem shared) : BrowserTest
{
    protected override RunningSystem System => shared.System;

    [Fact]
    public async Task Dana_steps_up_with_the_claims_challenge_and_then_calls_api_me()
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        var page = new ApiReferencePage(await context.NewPageAsync(), System.App.GetEndpoint("front", "http"));
        await page.OpenAsync();

        // Password only: FrontApi itself needs no MFA, so she gets a token for it...
        var signIn = await page.AuthorizeAsync();
        var closed = signIn.ClosedAsync();
        await page.Page.RunAndWaitForResponseAsync(() => signIn.SubmitAsync(DevUser.Dana.UserName, DevUser.Dana.Password), IsTokenResponse);
        await closed;

        // ...but the exchange for DownstreamApi is refused: 403 with the claims challenge in WWW-Authenticate.
        var refused = await page.SendAsync("The caller as DownstreamApi sees them", "/api/me");
        Assert.Equal(403, refused.Status);
        var claims = ClaimsChallengeOf(await refused.AllHeadersAsync());
        using (var parsed = JsonDocument.Parse(claims))
        {
            Assert.True(parsed.RootElement.GetProperty("access_token").TryGetProperty("capolids", out _), claims);
        }

        // Sign in again with the claims: password, then the second factor the emulator logged for this sign-in.
        await page.OpenAsync(claims);
        var stepUp = await page.AuthorizeAsync();
        await stepUp.SubmitAsync(DevUser.Dana.UserName, DevUser.Dana.Password);
        var code = await OneTimeCodes.ForSignInAsync(System, await stepUp.SecondFactorReferenceAsync(), TestContext.Current.CancellationToken);
        var steppedUpClosed = stepUp.ClosedAsync();
        var redemption = await page.Page.RunAndWaitForResponseAsync(() => stepUp.SubmitCodeAsync(code), IsTokenResponse);
        await steppedUpClosed;
        Assert.Equal(200, redemption.Status);

        var accepted = await page.SendAsync("The caller as DownstreamApi sees them", "/api/me");

        Assert.Equal(200, accepted.Status);
        var me = JsonDocument.Parse(await accepted.TextAsync()).RootElement;
        Assert.Equal(DevTenant.DanaObjectId, me.GetProperty("oid").GetString());
        await Expect(page.Page.GetByText(DevTenant.DanaObjectId).First).ToBeVisibleAsync();
    }

    private static bool IsTokenResponse(IResponse response) => response.Url.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal);

    /// <summary>The claims of a 403's <c>WWW-Authenticate</c>, read with MSAL's own parser, as a client app would.</summary>
    private static string ClaimsChallengeOf(Dictionary<string, string> headers)
    {
        using var response = new HttpResponseMessage(global::System.Net.HttpStatusCode.Forbidden);
        Assert.True(headers.TryGetValue("www-authenticate", out var challenge), "the 403 carries no WWW-Authenticate");
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", challenge);
        return WwwAuthenticateParameters.GetClaimChallengeFromResponseHeaders(response.Headers)
            ?? throw new InvalidOperationException($"no claims in WWW-Authenticate: {challenge}");
    }
}
