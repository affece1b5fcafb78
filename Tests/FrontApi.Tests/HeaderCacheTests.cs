using System.Net;
using System.Net.Http.Json;
using FrontApi.Tests.Infrastructure;

namespace FrontApi.Tests;

/// <summary>
/// The header memo in front of Identity.Web (Hardening/HeaderMemo, in Hardening/HardenedAuthorizationHeaderProvider), with
/// Microsoft.Identity.Web and MSAL running against a stand-in token endpoint: it serves a token only while MSAL would,
/// and never serves one DownstreamApi has refused.
/// </summary>
public sealed class HeaderCacheTests : IDisposable
{
    private readonly FrontApiHost _host = new() { RealTokenAcquisition = true };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task A_token_DownstreamApi_refused_is_replaced_and_never_sent_again()
    {
        await _host.WaitUntilReadyAsync();
        var refuseNext = false;
        _host.Downstream.Respond = (request, _) =>
        {
            var refuse = refuseNext;
            refuseNext = false;
            return Task.FromResult(refuse
                ? new HttpResponseMessage(HttpStatusCode.Unauthorized)
                : ScriptedDownstreamApi.Json(new { oid = ScriptedDownstreamApi.Oid, tid = UserTokens.TenantId, azp = "front-api", scopes = new[] { "Todo.Read" } }));
        };
        using var carol = _host.ClientWith(_host.UserTokens.For("carol"));

        await GetMeAsync(carol);
        await GetMeAsync(carol);
        refuseNext = true;
        await GetMeAsync(carol);
        await GetMeAsync(carol);

        var sent = _host.Downstream.Requests.Select(request => request.Headers.Authorization?.Parameter).ToList();
        Assert.Equal(5, sent.Count); // the third call was sent twice: refused, then with a fresh token
        Assert.Equal(sent[0], sent[1]);
        Assert.Equal(sent[0], sent[2]);
        Assert.NotEqual(sent[2], sent[3]);
        Assert.Equal(sent[3], sent[4]);
        Assert.Equal(2, _host.Authority.OnBehalfOfRequestsFor("carol"));
    }

    [Fact]
    public async Task A_token_MSAL_would_not_serve_from_its_cache_is_not_served_from_the_header_cache_either()
    {
        await _host.WaitUntilReadyAsync();
        // Valid for 4 minutes: inside MSAL's 5-minute expiration buffer, so MSAL asks the token endpoint every time.
        _host.Authority.TokenEndpoint = (form, _) => Task.FromResult(ShortLived(_host.Authority.Issue(form)));
        using var dave = _host.ClientWith(_host.UserTokens.For("dave"));

        await GetMeAsync(dave);
        await GetMeAsync(dave);

        Assert.Equal(2, _host.Authority.OnBehalfOfRequestsFor("dave"));
    }

    [Fact]
    public async Task Each_caller_gets_the_token_exchanged_for_their_own_token()
    {
        await _host.WaitUntilReadyAsync();
        using var alice = _host.ClientWith(_host.UserTokens.For("alice"));
        using var bob = _host.ClientWith(_host.UserTokens.For("bob"));

        await GetMeAsync(alice);
        await GetMeAsync(bob);
        await GetMeAsync(alice);
        await GetMeAsync(bob);

        var sent = _host.Downstream.Requests.Select(request => request.Headers.Authorization?.Parameter).ToList();
        Assert.Equal(sent[0], sent[2]);
        Assert.Equal(sent[1], sent[3]);
        Assert.NotEqual(sent[0], sent[1]);
        Assert.Equal(1, _host.Authority.OnBehalfOfRequestsFor("alice"));
        Assert.Equal(1, _host.Authority.OnBehalfOfRequestsFor("bob"));
    }

    private static async Task GetMeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/me", Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static HttpResponseMessage ShortLived(HttpResponseMessage issued)
    {
        var body = issued.Content.ReadFromJsonAsync<Dictionary<string, object>>().GetAwaiter().GetResult()!;
        body["expires_in"] = 240;
        body["ext_expires_in"] = 240;
        return ScriptedDownstreamApi.Json(body);
    }
}
