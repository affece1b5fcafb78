using System.Net;
using FrontApi.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace FrontApi.Tests;

/// <summary>
/// A caller's token that FrontApi accepted but the identity platform refuses during the exchange (it expired in
/// between, AADSTS500133) is answered 401 <c>invalid_token</c>, so the caller's client fetches a new token — not a 403
/// consent challenge, which no client can act on. Real Microsoft.Identity.Web and MSAL, stand-in token endpoint that
/// checks the assertion's lifetime as Entra does.
/// </summary>
public sealed class RefusedCallersTokenTests : IDisposable
{
    private readonly FrontApiHost _host = new() { RealTokenAcquisition = true };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task A_token_that_expires_between_validation_and_exchange_is_a_401_invalid_token()
    {
        await _host.WaitUntilReadyAsync();
        var token = _host.UserTokens.For("alice", lifetime: TimeSpan.FromSeconds(2));
        var expires = new JsonWebToken(token).ValidTo;
        _host.Authority.TokenEndpoint = async (form, cancellationToken) =>
        {
            // The exchange reaches the identity platform just after the token's expiry.
            var wait = expires - DateTime.UtcNow + TimeSpan.FromMilliseconds(500);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            return new JsonWebToken(form["assertion"]).ValidTo < DateTime.UtcNow
                ? TestAuthority.Error(HttpStatusCode.BadRequest, "invalid_grant",
                    $"AADSTS500133: Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token. Current time: {DateTime.UtcNow:O}, expiry time of assertion {expires:O}.")
                : _host.Authority.Issue(form);
        };
        using var client = _host.ClientWith(token);

        using var response = await client.GetAsync("/api/me", Cancellation);

        await ErrorMappingTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"invalid_token\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Empty(_host.Downstream.Requests);
    }
}
