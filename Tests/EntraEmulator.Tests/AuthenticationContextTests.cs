using System.Net;
using System.Text.Json;
using EntraEmulator.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace EntraEmulator.Tests;

/// <summary>
/// Conditional Access authentication context ("Developers' guide to Conditional Access authentication context"): the
/// tenant declares <c>c1</c> (appsettings.json), an API asks for it with a claims challenge, and a token carries it in
/// <c>acrs</c> only when a claims request asked for it and the sign-in met it (the development second factor). An OBO
/// exchange that asks for <c>c1</c> on a password-only sign-in fails with AADSTS50076 and the claims to sign in again
/// with; after the step-up the exchange carries <c>acrs</c> through to the downstream API.
/// </summary>
public sealed class AuthenticationContextTests : IAsyncLifetime
{
    private const string Bob = "bob@aspireobo.dev";
    private const string BobPassword = "bob-dev-password";
    private const string AskC1 = """{"access_token":{"acrs":{"essential":true,"value":"c1"}}}""";

    private readonly EmulatorFactory _emulator = new();
    private readonly TokenClient _client;
    private readonly SignInClient _browser;

    public AuthenticationContextTests()
    {
        _client = _emulator.CreateTokenClient();
        _browser = new SignInClient(_emulator);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task An_exchange_asking_for_c1_on_a_password_sign_in_is_AADSTS50076_with_the_c1_claims_and_after_the_step_up_acrs_reaches_the_downstream_token()
    {
        var passwordOnly = await _client.UserTokenForFrontApiAsync("bob", BobPassword);
        var plain = await _client.OnBehalfOfAsync(passwordOnly, $"{TestTenant.TodoReadWrite} {TestTenant.MsalExtraScopes}");
        plain.AssertSuccess();
        Assert.False(new JsonWebToken(plain.AccessToken).TryGetClaim("acrs", out _));

        var refused = await _client.PostAsync(ContinuousAccessEvaluationTests.OnBehalfOfForm(passwordOnly, $"{TestTenant.TodoReadWrite} {TestTenant.MsalExtraScopes}", AskC1));

        refused.AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50076);
        using (var claims = JsonDocument.Parse(refused.Body.GetProperty("claims").GetString()!))
        {
            Assert.Equal("c1", claims.RootElement.GetProperty("access_token").GetProperty("acrs").GetProperty("value").GetString());
        }

        var steppedUp = await InteractiveSignInAsync(AskC1);
        Assert.Equal(["c1"], new JsonWebToken(steppedUp).Claims.Where(claim => claim.Type == "acrs").Select(claim => claim.Value));

        var exchanged = await _client.OnBehalfOfAsync(steppedUp, $"{TestTenant.TodoReadWrite} {TestTenant.MsalExtraScopes}");
        exchanged.AssertSuccess();
        var downstream = await _client.ValidateAsync(exchanged.AccessToken, TestTenant.DownstreamApi);
        Assert.Equal(["c1"], downstream.Claims.Where(claim => claim.Type == "acrs").Select(claim => claim.Value));
    }

    [Fact]
    public async Task A_context_the_tenant_does_not_declare_is_never_issued()
    {
        var token = new JsonWebToken(await InteractiveSignInAsync("""{"access_token":{"acrs":{"essential":true,"values":["c1","c7"]}}}"""));

        Assert.Equal(["c1"], token.Claims.Where(claim => claim.Type == "acrs").Select(claim => claim.Value));
    }

    [Fact]
    public async Task A_password_grant_asking_for_c1_is_AADSTS50076()
    {
        var result = await _client.PostAsync(TokenClient.Form(
            ("grant_type", "password"),
            ("client_id", TestTenant.DevClient),
            ("username", "bob"),
            ("password", BobPassword),
            ("scope", $"{TestTenant.FrontScope} {TestTenant.MsalExtraScopes}"),
            ("claims", AskC1)));

        result.AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50076);
    }

    [Fact]
    public async Task Client_capabilities_alone_ask_no_second_factor_of_an_interactive_sign_in()
    {
        var verifier = SignInClient.NewVerifier();
        var url = SignInClient.AuthorizeUrl(SignInClient.Challenge(verifier)) + "&claims="
            + Uri.EscapeDataString("""{"access_token":{"xms_cc":{"values":["cp1"]}}}""");

        using var response = await _browser.SignInAsync(url, Bob, BobPassword);

        Assert.NotNull(SignInClient.RedirectParameters(response)["code"]);
    }

    [Theory]
    [InlineData("c0")]
    [InlineData("c100")]
    [InlineData("c01")]
    [InlineData("mfa")]
    public async Task Only_c1_to_c99_are_authentication_context_ids(string id)
    {
        await using var emulator = new EmulatorFactory(overrides: new Dictionary<string, string?> { [$"EntraEmulator:AuthenticationContexts:{id}"] = "x" });

        var failure = Assert.ThrowsAny<Exception>(() => emulator.CreateClient());

        Assert.Contains($"AuthenticationContexts:{id}", failure.ToString(), StringComparison.Ordinal);
    }

    private async Task<string> InteractiveSignInAsync(string claims)
    {
        var verifier = SignInClient.NewVerifier();
        var url = SignInClient.AuthorizeUrl(SignInClient.Challenge(verifier)) + "&claims=" + Uri.EscapeDataString(claims);
        using var response = await _browser.SignInWithSecondFactorAsync(url, Bob, BobPassword, _emulator.Logs);
        var code = SignInClient.RedirectParameters(response)["code"]!;
        var result = await SignInClient.RedeemAsync(_client, code, verifier);
        result.AssertSuccess();
        return result.AccessToken;
    }
}
