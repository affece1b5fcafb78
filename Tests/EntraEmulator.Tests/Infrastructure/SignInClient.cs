using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace EntraEmulator.Tests.Infrastructure;

/// <summary>
/// Walks the authorization endpoint as a browser does, without one: GET the sign-in page (keeping its anti-forgery
/// cookie), POST the form back, read the redirect. Also makes valid PKCE pairs.
/// </summary>
public sealed partial class SignInClient(WebApplicationFactory<Program> factory)
{
    public HttpClient Http { get; } = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static string NewVerifier() => Base64Url(Guid.NewGuid().ToByteArray()) + Base64Url(Guid.NewGuid().ToByteArray()) + "-verifier";

    /// <summary>RFC 7636 S256, computed here rather than by the emulator's own code.</summary>
    public static string Challenge(string verifier) => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    public static string AuthorizeUrl(
        string? challenge,
        string redirectUri = TestTenant.DevClientRedirectUri,
        string? clientId = null,
        string? scope = null,
        string? method = "S256",
        string? state = "state-123",
        string? nonce = "nonce-456",
        string? responseMode = null,
        string responseType = "code") =>
        QueryHelpers.AddQueryString($"/{TestTenant.TenantId}/oauth2/v2.0/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = clientId ?? TestTenant.DevClient,
            ["response_type"] = responseType,
            ["redirect_uri"] = redirectUri,
            ["scope"] = scope ?? $"{TestTenant.FrontScope} openid profile offline_access",
            ["state"] = state,
            ["nonce"] = nonce,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = method,
            ["response_mode"] = responseMode,
        }.Where(pair => pair.Value is not null));

    public async Task<HttpResponseMessage> GetAsync(string url) => await Http.GetAsync(url, TestContext.Current.CancellationToken);

    /// <summary>Loads the sign-in page and submits it; returns the final response (a redirect on success).</summary>
    public async Task<HttpResponseMessage> SignInAsync(string url, string userName, string password, bool withAntiforgery = true)
    {
        using var page = await GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var token = AntiforgeryField().Match(html);
        Assert.True(token.Success, "the sign-in page has no anti-forgery field");

        var fields = new Dictionary<string, string> { ["username"] = userName, ["password"] = password };
        if (withAntiforgery)
        {
            fields[token.Groups["name"].Value] = WebUtility.HtmlDecode(token.Groups["value"].Value);
        }

        return await Http.PostAsync(url, new FormUrlEncodedContent(fields), TestContext.Current.CancellationToken);
    }

    /// <summary>Signs alice in and returns the code from the redirect.</summary>
    public async Task<string> GetCodeAsync(string challenge, string redirectUri = TestTenant.DevClientRedirectUri)
    {
        using var response = await SignInAsync(AuthorizeUrl(challenge, redirectUri), "alice@aspireobo.dev", TestTenant.AlicePassword);
        var parameters = RedirectParameters(response, redirectUri);
        Assert.Equal("state-123", parameters["state"]);
        return parameters["code"]!;
    }

    /// <summary>The query parameters of a 302 to <paramref name="redirectUri"/>.</summary>
    public static Dictionary<string, string?> RedirectParameters(HttpResponseMessage response, string redirectUri = TestTenant.DevClientRedirectUri)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(redirectUri + "?", location);
        return QueryHelpers.ParseQuery(new Uri(location).Query).ToDictionary(pair => pair.Key, pair => (string?)pair.Value.ToString());
    }

    /// <summary>
    /// Signs <paramref name="userName"/> in through both steps: the password, then the one-time code the emulator logged.
    /// Returns the final response (a redirect on success).
    /// </summary>
    public async Task<HttpResponseMessage> SignInWithSecondFactorAsync(string url, string userName, string password, CapturedLogs logs, string? code = null)
    {
        using var secondStep = await SignInAsync(url, userName, password);
        Assert.Equal(HttpStatusCode.OK, secondStep.StatusCode);
        var html = await secondStep.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("<h1>Enter code</h1>", html, StringComparison.Ordinal);
        return await SubmitCodeAsync(url, html, code ?? logs.OneTimeCodeFor(userName));
    }

    /// <summary>Submits the second-factor form of <paramref name="html"/> with <paramref name="code"/>.</summary>
    public async Task<HttpResponseMessage> SubmitCodeAsync(string url, string html, string code)
    {
        var fields = HiddenField().Matches(html).ToDictionary(match => match.Groups["name"].Value, match => WebUtility.HtmlDecode(match.Groups["value"].Value));
        fields["otc"] = code;
        return await Http.PostAsync(url, new FormUrlEncodedContent(fields), TestContext.Current.CancellationToken);
    }

    /// <param name="origin">The browser's <c>Origin</c>: a SPA redeems its code cross-origin; null for a native app.</param>
    public static Task<TokenResult> RedeemAsync(TokenClient client, string code, string verifier,
        string redirectUri = TestTenant.DevClientRedirectUri, string? clientId = null, string? origin = TestTenant.DevClientOrigin) =>
        client.PostAsync(TokenClient.Form(
            ("grant_type", "authorization_code"),
            ("client_id", clientId ?? TestTenant.DevClient),
            ("code", code),
            ("redirect_uri", redirectUri),
            ("code_verifier", verifier),
            ("scope", $"{TestTenant.FrontScope} openid profile offline_access")),
            configure: request =>
            {
                if (origin is not null)
                {
                    request.Headers.Add("Origin", origin);
                }
            });

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]+)\">")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex HiddenField();
}
