using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FrontApi.Tests.Infrastructure;

namespace FrontApi.Tests;

/// <summary>
/// DownstreamApi refuses the OBO token FrontApi sent (401): FrontApi drops it and acquires a fresh one, once; a claims
/// challenge is first tried in one new exchange with its claims, and when refused again passed on to the caller as a 403
/// challenge (a caller that did not declare cp1), in the shape of the OBO exchange's own (Downstream/DownstreamApiClient).
/// </summary>
public sealed class DownstreamRefusalTests : IDisposable
{
    private const string Claims = """{"access_token":{"nbf":{"essential":true,"value":"1732000000"}}}""";
    private readonly FrontApiHost _host = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task A_refused_token_is_replaced_once_and_the_call_succeeds()
    {
        var calls = 0;
        _host.Downstream.Respond = (request, _) => Task.FromResult(Interlocked.Increment(ref calls) == 1
            ? new HttpResponseMessage(HttpStatusCode.Unauthorized)
            : ScriptedDownstreamApi.Json(new { oid = ScriptedDownstreamApi.Oid, tid = UserTokens.TenantId, azp = "front-api", scopes = new[] { "Todo.Read" } }));

        using var response = await GetMeAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _host.Tokens.Calls);
        Assert.Equal(1, _host.Tokens.ForcedRefreshes);
    }

    [Fact]
    public async Task A_fresh_token_refused_again_is_a_502_after_one_retry()
    {
        _host.Downstream.Respond = (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.Unauthorized));

        using var response = await GetMeAsync();

        await ErrorMappingTests.AssertProblemAsync(response, HttpStatusCode.BadGateway);
        Assert.Equal(2, _host.Downstream.Requests.Count);
        Assert.Equal(1, _host.Tokens.ForcedRefreshes);
    }

    [Fact]
    public async Task A_claims_challenge_is_tried_once_with_the_claims_then_reaches_the_caller_as_a_403_challenge()
    {
        _host.Downstream.Respond = (_, _) =>
        {
            var refusal = new HttpResponseMessage(HttpStatusCode.Unauthorized);
            refusal.Headers.WwwAuthenticate.Add(new AuthenticationHeaderValue("Bearer",
                $"realm=\"\", error=\"insufficient_claims\", claims=\"{Convert.ToBase64String(Encoding.UTF8.GetBytes(Claims))}\""));
            return Task.FromResult(refusal);
        };

        using var response = await GetMeAsync();

        await ErrorMappingTests.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"insufficient_claims\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains($"claims=\"{Convert.ToBase64String(Encoding.UTF8.GetBytes(Claims))}\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains("scopes=\"api://7b9c1d2e-3f4a-4b5c-8d6e-9f0a1b2c3d4e/Todo.Read\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains("proposedAction=\"consent\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Equal(2, _host.Downstream.Requests.Count); // the first token, then the one of the exchange with the claims
        Assert.Equal(Claims, Assert.Single(_host.Tokens.ClaimsRequested));
        Assert.Equal(0, _host.Tokens.ForcedRefreshes);
    }

    private async Task<HttpResponseMessage> GetMeAsync()
    {
        using var client = _host.ClientWith(_host.UserTokens.For("alice"));
        return await client.GetAsync("/api/me", Cancellation);
    }
}
