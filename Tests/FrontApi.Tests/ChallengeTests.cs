using System.Net;
using System.Net.Http.Json;
using FrontApi.Tests.Infrastructure;

namespace FrontApi.Tests;

/// <summary>
/// Callers FrontApi refuses before any token exchange: no token or an expired one (401 with a Bearer challenge),
/// a token without FrontApi's scope (403 insufficient_scope), an invalid body (400, no exchange spent on it).
/// </summary>
public sealed class ChallengeTests : IDisposable
{
    private readonly FrontApiHost _host = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task No_token_is_a_401_Bearer_challenge()
    {
        using var client = _host.CreateClient();

        using var response = await client.GetAsync("/api/me", Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(0, _host.Tokens.Calls);
    }

    [Fact]
    public async Task An_expired_token_is_a_401_invalid_token_challenge()
    {
        using var client = _host.ClientWith(_host.UserTokens.For("alice", lifetime: TimeSpan.FromMinutes(-30)));

        using var response = await client.GetAsync("/api/me", Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"invalid_token\"", Assert.Single(response.Headers.WwwAuthenticate).Parameter, StringComparison.Ordinal);
        Assert.Equal(0, _host.Tokens.Calls);
    }

    [Fact]
    public async Task A_token_signed_by_another_key_is_a_401()
    {
        var stranger = new UserTokens(_host.UserTokens.FrontApiClientId); // same audience, another key
        using var client = _host.ClientWith(stranger.For("alice"));

        using var response = await client.GetAsync("/api/me", Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, _host.Tokens.Calls);
    }

    [Fact]
    public async Task A_token_without_access_as_user_is_a_403_insufficient_scope_challenge()
    {
        using var client = _host.ClientWith(_host.UserTokens.For("alice", scope: "something_else"));

        using var response = await client.GetAsync("/api/me", Cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Contains("error=\"insufficient_scope\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains("scope=\"access_as_user\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Equal(0, _host.Tokens.Calls);
    }

    [Fact]
    public async Task An_invalid_body_is_a_400_that_costs_no_token_exchange()
    {
        using var client = _host.ClientWith(_host.UserTokens.For("alice"));

        using var response = await client.PostAsJsonAsync("/api/todos", new { title = "" }, Cancellation);

        await ErrorMappingTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(0, _host.Tokens.Calls);
        Assert.Empty(_host.Downstream.Requests);
    }
}
