using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using ServiceDefaults.Identity;

namespace AspireObo.SystemTests.Infrastructure;

/// <summary>
/// An interactive sign-in on the running EntraEmulator, as the API page's browser does it but over plain HTTPS: the
/// authorization code flow with PKCE for the developer client, the password, then (when the emulator asks for a second
/// factor) the one-time code it wrote to its console log, read where a developer reads it (the identity resource's
/// logs), and finally the SPA code redemption from the page's origin.
/// </summary>
public sealed partial class InteractiveSignIn(RunningSystem system)
{
    private const string PagePath = "/scalar/";

    public async Task<AccessToken> SignInAsync(DevUser user, string? claims, CancellationToken cancellationToken)
    {
        var redirectUri = new Uri(system.App.GetEndpoint("front", "http"), PagePath).ToString();
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var authorize = QueryHelpers.AddQueryString($"{DevTenant.TenantId}/oauth2/v2.0/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = DevTenant.DevClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri,
            ["scope"] = $"{DevTenant.FrontApiScope} openid profile offline_access",
            ["code_challenge"] = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
            ["code_challenge_method"] = "S256",
            ["state"] = "interactive-sign-in",
            ["claims"] = claims,
        }.Where(pair => pair.Value is not null));

        using var handler = EmulatorCertificateValidator.FromFile(system.EmulatorCertificatePath).CreateHandler();
        handler.AllowAutoRedirect = false;
        handler.UseCookies = true;
        handler.CookieContainer = new CookieContainer();
        using var browser = new HttpClient(handler) { BaseAddress = system.Identity.Http.BaseAddress };
        var page = await browser.GetStringAsync(authorize, cancellationToken);
        using var afterPassword = await PostFormAsync(browser, authorize, page,
            new() { ["username"] = user.UserName, ["password"] = user.Password }, cancellationToken);

        var response = afterPassword;
        HttpResponseMessage? afterCode = null;
        if (afterPassword.StatusCode == HttpStatusCode.OK)
        {
            var secondStep = await afterPassword.Content.ReadAsStringAsync(cancellationToken);
            Assert.Contains("<h1>Enter code</h1>", secondStep, StringComparison.Ordinal);
            var code = await OneTimeCodes.ForSignInAsync(system, OneTimeCodes.ReferenceOnPage(secondStep), cancellationToken);
            afterCode = await PostFormAsync(browser, authorize, secondStep, new() { ["otc"] = code }, cancellationToken);
            response = afterCode;
        }

        using (afterCode)
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var location = response.Headers.Location!;
            var parameters = QueryHelpers.ParseQuery(location.Query);
            Assert.True(parameters.ContainsKey("code"), $"no code in the redirect: {location}");
            return await RedeemAsync(browser, parameters["code"].ToString(), verifier, redirectUri, cancellationToken);
        }
    }

    /// <summary>The SPA's cross-origin redemption: the page's origin in <c>Origin</c>, as the browser sends it.</summary>
    private static async Task<AccessToken> RedeemAsync(HttpClient browser, string code, string verifier, string redirectUri, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{DevTenant.TenantId}/oauth2/v2.0/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["client_id"] = DevTenant.DevClientId,
                ["grant_type"] = "authorization_code",
                ["code"] = code,
                ["redirect_uri"] = redirectUri,
                ["code_verifier"] = verifier,
                ["scope"] = $"{DevTenant.FrontApiScope} openid profile offline_access",
            }),
        };
        request.Headers.Add("Origin", new Uri(redirectUri).GetLeftPart(UriPartial.Authority));
        using var response = await browser.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"code redemption failed: {(int)response.StatusCode} {body}");
        return new AccessToken(body.GetProperty("access_token").GetString()!);
    }

    private static async Task<HttpResponseMessage> PostFormAsync(
        HttpClient browser, string url, string html, Dictionary<string, string> fields, CancellationToken cancellationToken)
    {
        foreach (Match hidden in HiddenField().Matches(html))
        {
            fields[hidden.Groups["name"].Value] = WebUtility.HtmlDecode(hidden.Groups["value"].Value);
        }

        return await browser.PostAsync(url, new FormUrlEncodedContent(fields), cancellationToken);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex HiddenField();

}
