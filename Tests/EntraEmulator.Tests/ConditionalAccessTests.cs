using System.Net;
using System.Text.Json;
using EntraEmulator.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace EntraEmulator.Tests;

/// <summary>
/// Conditional Access as Entra plays it: dana (appsettings.json) needs MFA for DownstreamApi. OBO with her password
/// token fails with AADSTS50076 and a claims challenge. A password grant can never satisfy it, claims or not; an
/// interactive sign-in with the challenge as <c>claims</c> asks for a second factor (a one-time code in the emulator's
/// log), and the token from that sign-in passes the OBO exchange. The decision rests on the sign-in, not on claims in
/// the token: v2.0 tokens carry no <c>amr</c>.
/// </summary>
public sealed class ConditionalAccessTests : IAsyncLifetime
{
    private const string Dana = "dana@aspireobo.dev";
    private const string DanaPassword = "dana-dev-password";

    private readonly EmulatorFactory _emulator = new();
    private readonly TokenClient _client;
    private readonly SignInClient _browser;

    public ConditionalAccessTests()
    {
        _client = _emulator.CreateTokenClient();
        _browser = new SignInClient(_emulator);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Obo_without_mfa_is_AADSTS50076_and_a_token_from_a_multi_factor_sign_in_passes()
    {
        var passwordOnly = await PasswordSignInAsync(claims: null);
        Assert.False(new JsonWebToken(passwordOnly).TryGetClaim("amr", out _));

        var refused = await _client.OnBehalfOfAsync(passwordOnly);

        refused.AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50076);
        Assert.Equal("basic_action", refused.Body.GetProperty("suberror").GetString());
        var challenge = refused.Body.GetProperty("claims").GetString()!;
        using (var parsed = JsonDocument.Parse(challenge))
        {
            Assert.True(parsed.RootElement.GetProperty("access_token").GetProperty("capolids").GetProperty("essential").GetBoolean());
        }

        var steppedUp = await InteractiveSignInAsync(challenge);
        Assert.False(new JsonWebToken(steppedUp).TryGetClaim("amr", out _));

        var exchanged = await _client.OnBehalfOfAsync(steppedUp);
        exchanged.AssertSuccess();
        Assert.False(new JsonWebToken(exchanged.AccessToken).TryGetClaim("amr", out _));
    }

    [Fact]
    public async Task A_password_grant_never_satisfies_the_policy_even_with_the_claims()
    {
        var refused = await _client.OnBehalfOfAsync(await PasswordSignInAsync(claims: null));
        var challenge = refused.Body.GetProperty("claims").GetString()!;

        // Asking the password grant with the challenge still yields a password-only sign-in: OBO keeps failing.
        (await _client.OnBehalfOfAsync(await PasswordSignInAsync(challenge))).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50076);
        // And a password grant for DownstreamApi itself (by FrontApi, which is consented for it) answers AADSTS50076 directly.
        (await _client.PasswordAsync(Dana, DanaPassword, $"{TestTenant.TodoRead} {TestTenant.MsalExtraScopes}", TestTenant.FrontApi, TestTenant.FrontApiSecret))
            .AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50076);
    }

    [Fact]
    public async Task A_wrong_one_time_code_is_refused_and_issues_no_code()
    {
        var url = SignInClient.AuthorizeUrl(SignInClient.Challenge(SignInClient.NewVerifier())) + "&claims=" + Uri.EscapeDataString("{\"access_token\":{}}");
        using var secondStep = await _browser.SignInAsync(url, Dana, DanaPassword);
        var html = await secondStep.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var rightCode = _emulator.Logs.OneTimeCodeFor(Dana);
        var wrongCode = rightCode == "000000" ? "000001" : "000000";

        using var refused = await _browser.SubmitCodeAsync(url, html, wrongCode);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("That code didn&#x27;t work", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Null(refused.Headers.Location);
    }

    [Fact]
    public async Task Requested_authentication_context_is_satisfied_in_acrs_after_the_second_factor()
    {
        var token = new JsonWebToken(await InteractiveSignInAsync("""{"access_token":{"acrs":{"essential":true,"value":"c1"}}}"""));

        Assert.Equal(["c1"], token.Claims.Where(claim => claim.Type == "acrs").Select(claim => claim.Value));
    }

    [Fact]
    public async Task A_user_without_the_policy_is_not_challenged() =>
        (await _client.OnBehalfOfAsync(await _client.UserTokenForFrontApiAsync())).AssertSuccess();

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("\"mfa\"")]
    public async Task A_claims_parameter_that_is_not_a_JSON_object_is_AADSTS90100(string claims) =>
        (await _client.PostAsync(PasswordForm($"{TestTenant.FrontScope} {TestTenant.MsalExtraScopes}", claims)))
            .AssertError(HttpStatusCode.BadRequest, "invalid_request", 90100);

    private async Task<string> PasswordSignInAsync(string? claims)
    {
        var result = await _client.PostAsync(PasswordForm($"{TestTenant.FrontScope} {TestTenant.MsalExtraScopes}", claims));
        result.AssertSuccess();
        return result.AccessToken;
    }

    /// <summary>Authorization code flow with the claims: password, then the logged one-time code, then the code redemption.</summary>
    private async Task<string> InteractiveSignInAsync(string claims)
    {
        var verifier = SignInClient.NewVerifier();
        var url = SignInClient.AuthorizeUrl(SignInClient.Challenge(verifier)) + "&claims=" + Uri.EscapeDataString(claims);
        using var response = await _browser.SignInWithSecondFactorAsync(url, Dana, DanaPassword, _emulator.Logs);
        var code = SignInClient.RedirectParameters(response)["code"]!;
        var result = await SignInClient.RedeemAsync(_client, code, verifier);
        result.AssertSuccess();
        return result.AccessToken;
    }

    private static IEnumerable<KeyValuePair<string, string>> PasswordForm(string scope, string? claims) => TokenClient.Form(
        ("grant_type", "password"),
        ("client_id", TestTenant.DevClient),
        ("username", Dana),
        ("password", DanaPassword),
        ("scope", scope),
        ("claims", claims));
}
