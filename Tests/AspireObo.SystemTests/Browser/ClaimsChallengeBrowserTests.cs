using System.Text.Json;
using Microsoft.Identity.Client;
using Microsoft.Playwright;

namespace AspireObo.SystemTests.Browser;

/// <summary>A system of its own: the test revokes alice's sessions.</summary>
public sealed class ClaimsChallengeBrowserSystem() : PrivateSystem(new SystemOptions());

/// <summary>
/// Continuous Access Evaluation from FrontApi's API page, in headless Chromium, as a CAE-capable browser client: the page
/// signs alice in declaring cp1 (<c>/scalar/?claims={"access_token":{"xms_cc":{"values":["cp1"]}}}</c>, what MSAL.js
/// sends for <c>clientCapabilities: ["cp1"]</c>) and calls /api/profile while FrontApi caches a 28-hour Graph token.
/// Her sessions are revoked; the next /api/profile is FrontApi's 401 claims challenge; she signs in again with the
/// claims and /api/profile answers 200.
/// </summary>
[Collection(IsolatedSystems.Name)]
public sealed class ClaimsChallengeBrowserTests(ClaimsChallengeBrowserSystem fixture) : BrowserTest, IClassFixture<ClaimsChallengeBrowserSystem>
{
    private const string Capabilities = """{"access_token":{"xms_cc":{"values":["cp1"]}}}""";
    private const string Profile = "The caller as DownstreamApi and Microsoft Graph see them";

    protected override RunningSystem System => fixture.System;

    [Fact]
    public async Task After_a_revocation_alice_gets_the_claims_challenge_signs_in_again_and_her_profile_loads()
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        var page = new ApiReferencePage(await context.NewPageAsync(), System.App.GetEndpoint("front", "http"));
        await SignInAsync(page, Capabilities);
        Assert.Equal(200, (await page.SendAsync(Profile, "/api/profile")).Status);

        await Task.Delay(TimeSpan.FromSeconds(1.1), TestContext.Current.CancellationToken);
        using (var revoked = await System.Identity.Http.PostAsync($"_emulator/users/{DevUser.Alice.UserName}/revokeSignInSessions", null, TestContext.Current.CancellationToken))
        {
            Assert.True(revoked.IsSuccessStatusCode);
        }

        // The request client is still open on /api/profile: send it again.
        var challenged = await page.Page.RunAndWaitForResponseAsync(
            () => page.Page.GetByRole(AriaRole.Button, new() { Name = "Send" }).First.ClickAsync(),
            response => new Uri(response.Url).AbsolutePath == "/api/profile");
        Assert.Equal(401, challenged.Status);
        var claims = ClaimsChallengeOf(await challenged.AllHeadersAsync());
        Assert.Contains("\"nbf\"", claims, StringComparison.Ordinal);

        await SignInAsync(page, WithCapabilities(claims));
        var recovered = await page.SendAsync(Profile, "/api/profile");

        Assert.Equal(200, recovered.Status);
        var profile = JsonDocument.Parse(await recovered.TextAsync()).RootElement;
        Assert.False(profile.GetProperty("partial").GetBoolean());
    }

    private static async Task SignInAsync(ApiReferencePage page, string claims)
    {
        await page.OpenAsync(claims);
        var signIn = await page.AuthorizeAsync();
        var closed = signIn.ClosedAsync();
        await page.Page.RunAndWaitForResponseAsync(() => signIn.SubmitAsync(DevUser.Alice.UserName, DevUser.Alice.Password), IsTokenResponse);
        await closed;
    }

    private static bool IsTokenResponse(IResponse response) => response.Url.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal);

    /// <summary>The claims of a <c>WWW-Authenticate</c> challenge, read with MSAL's own parser, as a client app would.</summary>
    private static string ClaimsChallengeOf(Dictionary<string, string> headers)
    {
        using var response = new HttpResponseMessage(global::System.Net.HttpStatusCode.Unauthorized);
        Assert.True(headers.TryGetValue("www-authenticate", out var challenge), "the 401 carries no WWW-Authenticate");
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", challenge);
        return WwwAuthenticateParameters.GetClaimChallengeFromResponseHeaders(response.Headers)
            ?? throw new InvalidOperationException($"no claims in WWW-Authenticate: {challenge}");
    }

    /// <summary>The challenge's claims with the client capabilities, as MSAL.js merges them.</summary>
    private static string WithCapabilities(string claims)
    {
        var accessToken = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonDocument.Parse(claims).RootElement.GetProperty("access_token").GetRawText())!;
        accessToken["xms_cc"] = JsonDocument.Parse("""{"values":["cp1"]}""").RootElement;
        return JsonSerializer.Serialize(new { access_token = accessToken });
    }
}
