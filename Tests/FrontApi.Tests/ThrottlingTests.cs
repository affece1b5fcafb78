using System.Net;
using FrontApi.Tests.Infrastructure;

namespace FrontApi.Tests;

/// <summary>
/// Throttling as Entra applies it, per application (OnBehalfOf/TokenEndpointThrottle): after the token endpoint answers
/// 429 (or 503 with Retry-After), FrontApi sends no token request for any user of its client and tenant until it has
/// passed, and answers 503 with the remaining Retry-After; tokens already in the cache are still served. FrontApi runs
/// Microsoft.Identity.Web and MSAL here, against a stand-in token endpoint.
/// </summary>
public sealed class ThrottlingTests : IDisposable
{
    private readonly FrontApiHost _host = new() { RealTokenAcquisition = true };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task One_users_throttled_exchange_holds_back_every_users_exchange_but_not_cached_tokens(HttpStatusCode throttling)
    {
        await _host.WaitUntilReadyAsync();
        using var cached = _host.ClientWith(_host.UserTokens.For("carol"));
        using (var first = await cached.GetAsync("/api/me", Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        _host.Authority.TokenEndpoint = (form, _) => Task.FromResult(TestAuthority.Error(throttling, "temporarily_unavailable",
            "AADSTS50196: The server terminated an operation because it encountered a client request loop.", TimeSpan.FromSeconds(60)));
        using var alice = _host.ClientWith(_host.UserTokens.For("alice"));
        using var bob = _host.ClientWith(_host.UserTokens.For("bob"));

        using var aliceResponse = await alice.GetAsync("/api/me", Cancellation);
        var requestsAfterAlice = _host.Authority.TokenRequests.Count;
        using var bobResponse = await bob.GetAsync("/api/me", Cancellation);
        using var carolResponse = await cached.GetAsync("/api/me", Cancellation);

        await ErrorMappingTests.AssertProblemAsync(aliceResponse, HttpStatusCode.ServiceUnavailable);
        await ErrorMappingTests.AssertProblemAsync(bobResponse, HttpStatusCode.ServiceUnavailable);
        Assert.InRange(bobResponse.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(60));
        Assert.Equal(0, _host.Authority.OnBehalfOfRequestsFor("bob"));
        Assert.Equal(requestsAfterAlice, _host.Authority.TokenRequests.Count);
        Assert.Equal(HttpStatusCode.OK, carolResponse.StatusCode);
    }

    [Fact]
    public async Task A_503_without_Retry_After_holds_nobody_back()
    {
        await _host.WaitUntilReadyAsync();
        _host.Authority.TokenEndpoint = (form, _) => Task.FromResult(form["assertion"] is { } assertion && assertion.Length > 0
            && new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(assertion).GetClaim("oid").Value == "alice"
                ? TestAuthority.Error(HttpStatusCode.ServiceUnavailable, "temporarily_unavailable", "AADSTS90033: A transient error has occurred.")
                : _host.Authority.Issue(form));
        using var alice = _host.ClientWith(_host.UserTokens.For("alice"));
        using var bob = _host.ClientWith(_host.UserTokens.For("bob"));

        using var aliceResponse = await alice.GetAsync("/api/me", Cancellation);
        using var bobResponse = await bob.GetAsync("/api/me", Cancellation);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, aliceResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bobResponse.StatusCode);
    }
}
