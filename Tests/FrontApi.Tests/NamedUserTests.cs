using System.Net;
using System.Net.Http.Json;
using FrontApi.Tests.Infrastructure;

namespace FrontApi.Tests;

/// <summary>
/// FrontApi keeps things for a user — jobs, owned by the token's <c>tid</c> + <c>oid</c> — so a token that names no user
/// is refused (403) before anything is done for it: two such tokens would otherwise own each other's jobs.
/// </summary>
public sealed class NamedUserTests : IDisposable
{
    private readonly FrontApiHost _host = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData("GET", "/api/todos")]
    [InlineData("GET", "/api/me")]
    [InlineData("POST", "/api/todos/digest")]
    public async Task A_token_without_an_object_id_is_refused_before_any_token_exchange(string method, string path)
    {
        using var nobody = _host.ClientWith(_host.UserTokens.For("ignored", without: "oid"));
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? JsonContent.Create(new { rounds = 1 }) : null };

        using var response = await nobody.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, _host.Tokens.Calls);
    }

    [Fact]
    public async Task A_token_with_tenant_and_object_id_is_served()
    {
        using var someone = _host.ClientWith(_host.UserTokens.For("henry"));

        using var response = await someone.GetAsync("/api/todos", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
