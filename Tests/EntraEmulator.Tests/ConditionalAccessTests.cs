using System.Net;
using System.Text.Json;
using EntraEmulator.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace EntraEmulator.Tests;

/// <summary>
/// Conditional Access as the emulator plays it: dana (appsettings.json) needs MFA for DownstreamApi. OBO with her
/// password-only token fails with AADSTS50076 and a claims challenge; signing in again with that challenge as the
/// <c>claims</c> parameter yields a token with <c>amr</c> mfa, which the OBO exchange accepts.
/// </summary>
public sealed class ConditionalAccessTests(DefaultEmulator emulator) : IClassFixture<DefaultEmulator>
{
    private const string Dana = "dana@aspireobo.dev";
    private const string DanaPassword = "dana-dev-password";

    private readonly TokenClient _client = emulator.CreateTokenClient();

    [Fact]
    public async Task Obo_without_mfa_is_AADSTS50076_with_a_claims_challenge_and_a_stepped_up_token_passes()
    {
        var passwordOnly = await SignInAsync(claims: null);
        Assert.Equal(["pwd"], AuthenticationMethods(passwordOnly));

        var refused = await _client.OnBehalfOfAsync(passwordOnly);

        refused.AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50076);
        Assert.Equal("basic_action", refused.Body.GetProperty("suberror").GetString());
        var challenge = refused.Body.GetProperty("claims").GetString()!;
        using (var parsed = JsonDocument.Parse(challenge))
        {
            Assert.True(parsed.RootElement.GetProperty("access_token").GetProperty("capolids").GetProperty("essential").GetBoolean());
        }

        var steppedUp = await SignInAsync(challenge);
        Assert.Equal(["pwd", "mfa"], AuthenticationMethods(steppedUp));

        var exchanged = await _client.OnBehalfOfAsync(steppedUp);
        exchanged.AssertSuccess();
        Assert.Contains("mfa", AuthenticationMethods(exchanged.AccessToken));
    }

    [Fact]
    public async Task Requested_authentication_context_is_satisfied_in_acrs()
    {
        var token = new JsonWebToken(await SignInAsync("""{"access_token":{"acrs":{"essential":true,"value":"c1"}}}"""));

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
        (await _client.PostAsync(SignInForm(claims))).AssertError(HttpStatusCode.BadRequest, "invalid_request", 90100);

    private async Task<string> SignInAsync(string? claims)
    {
        var result = await _client.PostAsync(SignInForm(claims));
        result.AssertSuccess();
        return result.AccessToken;
    }

    private static IEnumerable<KeyValuePair<string, string>> SignInForm(string? claims) => TokenClient.Form(
        ("grant_type", "password"),
        ("client_id", TestTenant.DevClient),
        ("username", Dana),
        ("password", DanaPassword),
        ("scope", $"{TestTenant.FrontScope} {TestTenant.MsalExtraScopes}"),
        ("claims", claims));

    private static string[] AuthenticationMethods(string token) =>
        [.. new JsonWebToken(token).Claims.Where(claim => claim.Type == "amr").Select(claim => claim.Value)];
}
