using System.Text.Json;
using EntraEmulator.Tests.Infrastructure;
using Microsoft.Identity.Client;
using Microsoft.IdentityModel.JsonWebTokens;

namespace EntraEmulator.Tests;

/// <summary>
/// MSAL.NET itself against the emulator (in memory, addressed as https://localhost:7180): instance discovery is
/// accepted, responses parse, and tokens are cached, so the second acquisition never reaches the token endpoint.
/// </summary>
public sealed class MsalCompatibilityTests(DefaultEmulator emulator) : IClassFixture<DefaultEmulator>
{
    private static readonly string Authority = $"https://localhost:7180/{TestTenant.TenantId}";

    private readonly TokenClient _client = emulator.CreateTokenClient();

    [Fact]
    public async Task On_behalf_of_through_MSAL_is_cached_per_incoming_token()
    {
        var assertion = await UserTokenAtMsalAuthorityAsync();
        var uti = new JsonWebToken(assertion).GetClaim("uti").Value;
        var app = ConfidentialClientApplicationBuilder.Create(TestTenant.FrontApi)
            .WithClientSecret(TestTenant.FrontApiSecret)
            .WithAuthority(Authority)
            .WithHttpClientFactory(new InMemoryHttpClientFactory(emulator))
            .Build();

        var first = await app.AcquireTokenOnBehalfOf([TestTenant.TodoRead], new UserAssertion(assertion))
            .ExecuteAsync(TestContext.Current.CancellationToken);
        var second = await app.AcquireTokenOnBehalfOf([TestTenant.TodoRead], new UserAssertion(assertion))
            .ExecuteAsync(TestContext.Current.CancellationToken);

        Assert.Equal(TokenSource.IdentityProvider, first.AuthenticationResultMetadata.TokenSource);
        Assert.Equal(TokenSource.Cache, second.AuthenticationResultMetadata.TokenSource);
        Assert.Equal(first.AccessToken, second.AccessToken);
        Assert.Equal(TestTenant.AliceObjectId, first.UniqueId);
        Assert.Equal(TestTenant.TenantId, first.TenantId);
        Assert.Equal($"{TestTenant.AliceObjectId}.{TestTenant.TenantId}", first.Account.HomeAccountId.Identifier);
        Assert.Equal("localhost", first.Account.Environment);
        Assert.Equal([TestTenant.TodoRead, TestTenant.TodoReadWrite], first.Scopes.Order());

        var stats = await _client.GetStatsAsync();
        Assert.Equal(1, stats.GetProperty("onBehalfOf").GetProperty("byAssertion").GetProperty(uti).GetInt64());
    }

    /// <summary>
    /// FrontApi's pattern: reads ask for Todo.Read, writes for Todo.ReadWrite. Entra's answer carries every consented
    /// scope, so MSAL's one cached token serves both and alternating costs a single exchange.
    /// </summary>
    [Fact]
    public async Task Alternating_two_consented_scopes_of_one_resource_costs_one_exchange()
    {
        var assertion = await UserTokenAtMsalAuthorityAsync();
        var uti = new JsonWebToken(assertion).GetClaim("uti").Value;
        var app = ConfidentialClientApplicationBuilder.Create(TestTenant.FrontApi)
            .WithClientSecret(TestTenant.FrontApiSecret)
            .WithAuthority(Authority)
            .WithHttpClientFactory(new InMemoryHttpClientFactory(emulator))
            .Build();

        var sources = new List<TokenSource>();
        foreach (var scope in new[] { TestTenant.TodoRead, TestTenant.TodoReadWrite, TestTenant.TodoRead, TestTenant.TodoReadWrite })
        {
            var result = await app.AcquireTokenOnBehalfOf([scope], new UserAssertion(assertion)).ExecuteAsync(TestContext.Current.CancellationToken);
            sources.Add(result.AuthenticationResultMetadata.TokenSource);
        }

        Assert.Equal([TokenSource.IdentityProvider, TokenSource.Cache, TokenSource.Cache, TokenSource.Cache], sources);
        var stats = await _client.GetStatsAsync();
        Assert.Equal(1, stats.GetProperty("onBehalfOf").GetProperty("byAssertion").GetProperty(uti).GetInt64());
    }

    [Fact]
    public async Task Client_credentials_through_MSAL_are_cached()
    {
        var app = ConfidentialClientApplicationBuilder.Create(TestTenant.Daemon)
            .WithClientSecret(TestTenant.DaemonSecret)
            .WithAuthority(Authority)
            .WithHttpClientFactory(new InMemoryHttpClientFactory(emulator))
            .Build();
        string[] scopes = [$"api://{TestTenant.DownstreamApi}/.default"];

        var first = await app.AcquireTokenForClient(scopes).ExecuteAsync(TestContext.Current.CancellationToken);
        var second = await app.AcquireTokenForClient(scopes).ExecuteAsync(TestContext.Current.CancellationToken);

        Assert.Equal(TokenSource.IdentityProvider, first.AuthenticationResultMetadata.TokenSource);
        Assert.Equal(TokenSource.Cache, second.AuthenticationResultMetadata.TokenSource);
    }

    [Fact]
    public async Task Entra_errors_surface_as_MsalServiceException_with_code_and_suberror()
    {
        var app = ConfidentialClientApplicationBuilder.Create(TestTenant.FrontApi)
            .WithClientSecret(TestTenant.FrontApiSecret)
            .WithAuthority(Authority)
            .WithHttpClientFactory(new InMemoryHttpClientFactory(emulator))
            .Build();

        var assertion = await UserTokenAtMsalAuthorityAsync();

        var exception = await Assert.ThrowsAsync<MsalUiRequiredException>(() =>
            app.AcquireTokenOnBehalfOf([$"api://{TestTenant.SecretApi}/Secret.Read"], new UserAssertion(assertion))
                .ExecuteAsync(TestContext.Current.CancellationToken));

        Assert.Equal("invalid_grant", exception.ErrorCode);
        Assert.Equal(UiRequiredExceptionClassification.ConsentRequired, exception.Classification);
        Assert.StartsWith("AADSTS65001:", exception.Message);
    }

    /// <summary>The assertion must carry the issuer MSAL's authority implies (https://localhost:7180/...).</summary>
    private async Task<string> UserTokenAtMsalAuthorityAsync()
    {
        using var http = new InMemoryHttpClientFactory(emulator).GetHttpClient();
        using var response = await http.PostAsync(
            $"{Authority}/oauth2/v2.0/token",
            new FormUrlEncodedContent(TokenClient.Form(
                ("grant_type", "password"), ("client_id", TestTenant.DevClient), ("username", "alice"),
                ("password", TestTenant.AlicePassword), ("scope", TestTenant.FrontScope))),
            TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return body.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>Routes MSAL's requests (any host, including login.microsoftonline.com) into the in-memory emulator.</summary>
    private sealed class InMemoryHttpClientFactory(EmulatorFactory emulator) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => emulator.Server.CreateClient();
    }
}
