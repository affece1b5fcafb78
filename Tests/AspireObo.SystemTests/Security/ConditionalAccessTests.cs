using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Identity.Client;

namespace AspireObo.SystemTests.Security;

/// <summary>
/// Conditional Access through the OBO hop, end to end: dana needs MFA for DownstreamApi (EntraEmulator/appsettings.json).
/// FrontApi's OBO exchange is refused with a claims challenge; FrontApi answers 403 with the challenge in
/// <c>WWW-Authenticate</c>, which the client reads with MSAL's own parser. As with Entra, a password grant can never
/// satisfy the policy, claims or not; signing dana in again interactively with those claims (password, then the
/// one-time code the emulator logs) yields a token FrontApi's exchange goes through with.
/// </summary>
[Collection(SharedSystem.CollectionName)]
public sealed class ConditionalAccessTests(SharedSystem shared)
{
    private static readonly DevUser Dana = DevUser.Dana;

    private readonly RunningSystem _system = shared.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_claims_challenge_reaches_the_client_and_a_stepped_up_token_goes_through()
    {
        var passwordOnly = await _system.Identity.GetUserTokenAsync(Dana, Cancellation);
        using var before = _system.CreateFrontClient(passwordOnly);

        using var refused = await before.GetAsync("/api/me", Cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(403, problem.GetProperty("status").GetInt32());
        var challenge = WwwAuthenticateParameters.CreateFromAuthenticationHeaders(refused.Headers, "Bearer");
        Assert.Equal("insufficient_claims", challenge.Error);
        Assert.Contains("Todo.Read", challenge["scopes"], StringComparison.Ordinal);
        Assert.Equal("consent", challenge["proposedAction"]);
        Assert.StartsWith(_system.Identity.Http.BaseAddress!.ToString(), challenge["consentUri"], StringComparison.OrdinalIgnoreCase);
        var claims = WwwAuthenticateParameters.GetClaimChallengeFromResponseHeaders(refused.Headers);
        Assert.NotNull(claims);
        using (var parsed = JsonDocument.Parse(claims))
        {
            Assert.True(parsed.RootElement.GetProperty("access_token").TryGetProperty("capolids", out _), claims);
        }

        // A password grant with the claims is still a password-only sign-in: FrontApi's exchange is refused again.
        var stillPasswordOnly = await _system.Identity.GetUserTokenAsync(Dana, Cancellation, claims: claims);
        using (var again = _system.CreateFrontClient(stillPasswordOnly))
        using (var refusedAgain = await again.GetAsync("/api/me", Cancellation))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refusedAgain.StatusCode);
        }

        // The client signs dana in again interactively, asking for the challenged claims (MSAL: .WithClaims(claims)).
        var steppedUp = await new InteractiveSignIn(_system).SignInAsync(Dana, claims, Cancellation);
        Assert.False(steppedUp.Claims.TryGetProperty("amr", out _)); // v2.0 access tokens carry no amr
        using var after = _system.CreateFrontClient(steppedUp);

        using var accepted = await after.GetAsync("/api/me", Cancellation);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var me = await accepted.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(steppedUp.ObjectId, me.GetProperty("oid").GetString());
    }

    [Fact]
    public async Task A_user_without_the_policy_is_never_challenged()
    {
        using var alice = _system.CreateFrontClient(await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation));

        using var response = await alice.GetAsync("/api/me", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
