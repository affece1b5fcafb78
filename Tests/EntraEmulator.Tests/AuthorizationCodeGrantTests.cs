using System.Net;
using EntraEmulator.Tests.Infrastructure;

namespace EntraEmulator.Tests;

/// <summary>The authorization code flow with PKCE: sign-in page, code, redemption and every binding of the code.</summary>
public sealed class AuthorizationCodeGrantTests(DefaultEmulator emulator) : IClassFixture<DefaultEmulator>
{
    private readonly SignInClient _browser = new(emulator);
    private readonly TokenClient _client = emulator.CreateTokenClient();

    [Fact]
    public async Task Signed_in_user_gets_tokens_for_the_code_with_the_nonce_in_the_id_token()
    {
        var verifier = SignInClient.NewVerifier();
        var code = await _browser.GetCodeAsync(SignInClient.Challenge(verifier));

        var result = await SignInClient.RedeemAsync(_client, code, verifier);

        result.AssertSuccess();
        var access = await _client.ValidateAsync(result.AccessToken, TestTenant.FrontApi);
        Assert.Equal(TestTenant.AliceObjectId, access.GetClaim("oid").Value);
        Assert.Equal("access_as_user", access.GetClaim("scp").Value);
        Assert.Equal(TestTenant.DevClient, access.GetClaim("azp").Value);
        Assert.Equal("0", access.GetClaim("azpacr").Value);
        var id = await _client.ValidateAsync(result.IdToken!, TestTenant.DevClient);
        Assert.Equal("nonce-456", id.GetClaim("nonce").Value);
        Assert.Equal(TestTenant.AliceObjectId, id.GetClaim("oid").Value);
        Assert.False(string.IsNullOrEmpty(result.RefreshToken));
    }

    [Fact]
    public void S256_challenge_matches_the_RFC_7636_example()
    {
        Assert.Equal("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", SignInClient.Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
        Assert.True(global::EntraEmulator.Protocol.Pkce.Matches("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
    }

    [Fact]
    public async Task Wrong_password_shows_the_error_and_issues_no_code()
    {
        var before = await SignInsAsync();

        using var response = await _browser.SignInAsync(SignInClient.AuthorizeUrl(SignInClient.Challenge(SignInClient.NewVerifier())),
            "alice@aspireobo.dev", "not-her-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("role=\"alert\">Your account or password is incorrect.", html);
        Assert.DoesNotContain("not-her-password", html);
        var after = await SignInsAsync();
        Assert.Equal(before.Failed + 1, after.Failed);
        Assert.Equal(before.Succeeded, after.Succeeded);
    }

    [Fact]
    public async Task Sign_in_without_the_anti_forgery_token_is_refused()
    {
        using var response = await _browser.SignInAsync(SignInClient.AuthorizeUrl(SignInClient.Challenge(SignInClient.NewVerifier())),
            "alice@aspireobo.dev", TestTenant.AlicePassword, withAntiforgery: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Sign_in_page_carries_no_password_and_forbids_framing_and_caching()
    {
        using var response = await _browser.GetAsync(SignInClient.AuthorizeUrl(SignInClient.Challenge(SignInClient.NewVerifier())));

        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain(TestTenant.AlicePassword, html);
        Assert.Contains("<label for=\"password\">", html);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Tampered_code_verifier_is_AADSTS50148_and_burns_the_code()
    {
        var verifier = SignInClient.NewVerifier();
        var code = await _browser.GetCodeAsync(SignInClient.Challenge(verifier));

        (await SignInClient.RedeemAsync(_client, code, verifier[..^1] + (verifier[^1] == 'x' ? 'y' : 'x')))
            .AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50148);
        (await SignInClient.RedeemAsync(_client, code, verifier)).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 54005);
    }

    [Fact]
    public async Task A_code_is_single_use()
    {
        var verifier = SignInClient.NewVerifier();
        var code = await _browser.GetCodeAsync(SignInClient.Challenge(verifier));

        (await SignInClient.RedeemAsync(_client, code, verifier)).AssertSuccess();
        (await SignInClient.RedeemAsync(_client, code, verifier)).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 54005);
    }

    [Fact]
    public async Task A_code_is_bound_to_its_redirect_uri_and_client()
    {
        var verifier = SignInClient.NewVerifier();
        var first = await _browser.GetCodeAsync(SignInClient.Challenge(verifier));
        var second = await _browser.GetCodeAsync(SignInClient.Challenge(verifier));

        (await SignInClient.RedeemAsync(_client, first, verifier, redirectUri: "http://localhost:5180/other/"))
            .AssertError(HttpStatusCode.BadRequest, "invalid_grant", 70000);
        (await _client.PostAsync(TokenClient.Form(
            ("grant_type", "authorization_code"), ("client_id", TestTenant.FrontApi), ("client_secret", TestTenant.FrontApiSecret),
            ("code", second), ("redirect_uri", TestTenant.DevClientRedirectUri), ("code_verifier", verifier))))
            .AssertError(HttpStatusCode.BadRequest, "invalid_grant", 70000);
    }

    [Fact]
    public async Task Unknown_code_is_AADSTS9002313() =>
        (await SignInClient.RedeemAsync(_client, "1.AXnot-a-code", SignInClient.NewVerifier()))
            .AssertError(HttpStatusCode.BadRequest, "invalid_grant", 9002313);

    [Fact]
    public async Task Expired_code_is_AADSTS70008()
    {
        var clock = new AdjustableTimeProvider();
        await using var factory = new EmulatorFactory(time: clock);
        var browser = new SignInClient(factory);
        var verifier = SignInClient.NewVerifier();
        var code = await browser.GetCodeAsync(SignInClient.Challenge(verifier));

        clock.Advance(TimeSpan.FromMinutes(11));

        (await SignInClient.RedeemAsync(factory.CreateTokenClient(), code, verifier)).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 70008);
    }

    [Fact]
    public async Task Unregistered_redirect_uri_is_shown_never_redirected()
    {
        using var response = await _browser.GetAsync(
            SignInClient.AuthorizeUrl(SignInClient.Challenge(SignInClient.NewVerifier()), redirectUri: "http://localhost:5180/scalar"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("AADSTS50011", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(null, "S256", "invalid_request", 9002325)]
    [InlineData("challenge", "plain", "invalid_request", 50149)]
    [InlineData("too-short", "S256", "invalid_request", 501491)]
    public async Task PKCE_is_required_with_S256(string? challenge, string method, string error, int code)
    {
        var resolvedChallenge = challenge == "challenge" ? SignInClient.Challenge(SignInClient.NewVerifier()) : challenge;

        using var response = await _browser.GetAsync(SignInClient.AuthorizeUrl(resolvedChallenge, method: method));

        var parameters = SignInClient.RedirectParameters(response);
        Assert.Equal(error, parameters["error"]);
        Assert.StartsWith($"AADSTS{code}: ", parameters["error_description"]);
        Assert.Equal("state-123", parameters["state"]);
        Assert.False(parameters.ContainsKey("code"));
    }

    [Fact]
    public async Task Other_response_types_and_ungranted_scopes_are_redirected_errors()
    {
        var challenge = SignInClient.Challenge(SignInClient.NewVerifier());

        using var token = await _browser.GetAsync(SignInClient.AuthorizeUrl(challenge, responseType: "token"));
        Assert.Equal("unsupported_response_type", SignInClient.RedirectParameters(token)["error"]);

        using var scope = await _browser.GetAsync(SignInClient.AuthorizeUrl(challenge, scope: $"{TestTenant.TodoRead} openid"));
        Assert.StartsWith("AADSTS65001: ", SignInClient.RedirectParameters(scope)["error_description"]);
    }

    [Fact]
    public async Task Fragment_response_mode_puts_the_code_after_the_hash()
    {
        var url = SignInClient.AuthorizeUrl(SignInClient.Challenge(SignInClient.NewVerifier()), responseMode: "fragment");

        using var response = await _browser.SignInAsync(url, "alice", TestTenant.AlicePassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Matches(@"^http://localhost:5180/scalar/#code=[^&]+&state=state-123$", response.Headers.Location!.ToString());
    }

    [Theory]
    [InlineData("http://localhost:5180", true)]
    [InlineData("http://localhost:5181", false)]
    [InlineData("https://evil.example", false)]
    [InlineData("http://localhost:5190", false)] // a mobile-and-desktop redirect URI's origin: no CORS
    public async Task Token_endpoint_allows_CORS_only_from_registered_redirect_origins(string origin, bool allowed)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, _client.TokenPath());
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");

        using var response = await _client.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) && values.Single() == origin);
    }

    [Theory]
    [InlineData(TestTenant.DevClientRedirectUri, true)]
    [InlineData("https://evil.example/", false)]
    public async Task Logout_returns_only_to_a_registered_redirect_uri(string postLogoutRedirectUri, bool redirected)
    {
        using var response = await _browser.GetAsync(
            $"/{TestTenant.TenantId}/oauth2/v2.0/logout?post_logout_redirect_uri={Uri.EscapeDataString(postLogoutRedirectUri)}&state=s1");

        Assert.Equal(redirected ? HttpStatusCode.Redirect : HttpStatusCode.OK, response.StatusCode);
        if (redirected)
        {
            Assert.Equal(postLogoutRedirectUri + "?state=s1", response.Headers.Location!.ToString());
        }
    }

    private async Task<(long Succeeded, long Failed)> SignInsAsync()
    {
        var signIns = (await _client.GetStatsAsync()).GetProperty("signIns");
        return (signIns.GetProperty("succeeded").GetInt64(), signIns.GetProperty("failed").GetInt64());
    }

    [Fact]
    public async Task A_SPA_code_redeemed_without_an_Origin_is_AADSTS9002327()
    {
        var verifier = SignInClient.NewVerifier();
        var code = await _browser.GetCodeAsync(SignInClient.Challenge(verifier));

        (await SignInClient.RedeemAsync(_client, code, verifier, origin: null))
            .AssertError(HttpStatusCode.BadRequest, "invalid_request", 9002327);
    }

    [Fact]
    public async Task A_native_code_is_redeemed_without_an_Origin_and_never_cross_origin()
    {
        var verifier = SignInClient.NewVerifier();
        var crossOrigin = await _browser.GetCodeAsync(SignInClient.Challenge(verifier), TestTenant.DevClientNativeRedirectUri);
        var direct = await _browser.GetCodeAsync(SignInClient.Challenge(verifier), TestTenant.DevClientNativeRedirectUri);

        (await SignInClient.RedeemAsync(_client, crossOrigin, verifier, TestTenant.DevClientNativeRedirectUri, origin: "http://localhost:5190"))
            .AssertError(HttpStatusCode.BadRequest, "invalid_request", 9002326);
        (await SignInClient.RedeemAsync(_client, direct, verifier, TestTenant.DevClientNativeRedirectUri, origin: null)).AssertSuccess();
    }

    [Fact]
    public async Task A_SPA_refresh_token_lives_24_hours_from_the_sign_in_and_refreshing_does_not_extend_it()
    {
        var clock = new AdjustableTimeProvider();
        await using var factory = new EmulatorFactory(time: clock);
        var browser = new SignInClient(factory);
        var client = factory.CreateTokenClient();
        var verifier = SignInClient.NewVerifier();
        var redeemed = await SignInClient.RedeemAsync(client, await browser.GetCodeAsync(SignInClient.Challenge(verifier)), verifier);
        redeemed.AssertSuccess();

        clock.Advance(TimeSpan.FromHours(23));
        var refreshed = await RefreshFromSpaAsync(client, redeemed.RefreshToken!, TestTenant.DevClientOrigin);
        refreshed.AssertSuccess();
        (await RefreshFromSpaAsync(client, refreshed.RefreshToken!, origin: null)).AssertError(HttpStatusCode.BadRequest, "invalid_request", 9002327);

        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        (await RefreshFromSpaAsync(client, refreshed.RefreshToken!, TestTenant.DevClientOrigin)).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 700082);
    }

    private static Task<TokenResult> RefreshFromSpaAsync(TokenClient client, string refreshToken, string? origin) =>
        client.PostAsync(
            TokenClient.Form(("grant_type", "refresh_token"), ("client_id", TestTenant.DevClient), ("refresh_token", refreshToken),
                ("scope", $"{TestTenant.FrontScope} {TestTenant.MsalExtraScopes}")),
            configure: request =>
            {
                if (origin is not null)
                {
                    request.Headers.Add("Origin", origin);
                }
            });
}
