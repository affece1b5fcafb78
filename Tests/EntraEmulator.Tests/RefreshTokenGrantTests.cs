using System.Net;
using EntraEmulator.Tests.Infrastructure;

namespace EntraEmulator.Tests;

public sealed class RefreshTokenGrantTests(DefaultEmulator emulator) : IClassFixture<DefaultEmulator>
{
    private readonly TokenClient _client = emulator.CreateTokenClient();

    [Fact]
    public async Task Redeeming_rotates_the_refresh_token_and_issues_a_new_access_token()
    {
        var first = await _client.PasswordAsync();

        var second = await _client.RefreshAsync(first.RefreshToken!, $"{TestTenant.FrontScope} {TestTenant.MsalExtraScopes}");

        second.AssertSuccess();
        Assert.False(string.IsNullOrEmpty(second.RefreshToken));
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.NotEqual(first.AccessToken, second.AccessToken);
        var token = await _client.ValidateAsync(second.AccessToken, TestTenant.FrontApi);
        Assert.Equal(TestTenant.AliceObjectId, token.GetClaim("oid").Value);
        Assert.Equal("access_as_user", token.GetClaim("scp").Value);

        var third = await _client.RefreshAsync(second.RefreshToken!, TestTenant.FrontScope);
        third.AssertSuccess();
        Assert.NotEqual(second.RefreshToken, third.RefreshToken);
    }

    [Fact]
    public async Task Without_scope_the_original_scopes_are_refreshed()
    {
        var first = await _client.PasswordAsync();

        var second = await _client.RefreshAsync(first.RefreshToken!, scope: null);

        second.AssertSuccess();
        await _client.ValidateAsync(second.AccessToken, TestTenant.FrontApi);
    }

    [Fact]
    public async Task A_refresh_token_can_serve_another_resource_the_client_is_allowed()
    {
        var obo = await _client.OnBehalfOfAsync(await _client.UserTokenForFrontApiAsync());

        var other = await _client.RefreshAsync(
            obo.RefreshToken!, $"api://{TestTenant.OtherApi}/Other.Read offline_access", TestTenant.FrontApi, TestTenant.FrontApiSecret);

        other.AssertSuccess();
        var token = await _client.ValidateAsync(other.AccessToken, TestTenant.OtherApi);
        Assert.Equal("Other.Read", token.GetClaim("scp").Value);
        Assert.Equal(TestTenant.AliceObjectId, token.GetClaim("oid").Value);
    }

    [Fact]
    public async Task A_resource_the_client_is_not_allowed_is_AADSTS65001()
    {
        var first = await _client.PasswordAsync();

        (await _client.RefreshAsync(first.RefreshToken!, TestTenant.TodoRead)).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 65001);
    }

    [Fact]
    public async Task Unknown_refresh_token_is_AADSTS70000() =>
        (await _client.RefreshAsync("1.AXnot-a-real-handle", TestTenant.FrontScope)).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 70000);

    [Fact]
    public async Task Refresh_token_of_another_client_is_AADSTS70000()
    {
        var first = await _client.PasswordAsync();

        (await _client.RefreshAsync(first.RefreshToken!, TestTenant.TodoRead, TestTenant.FrontApi, TestTenant.FrontApiSecret))
            .AssertError(HttpStatusCode.BadRequest, "invalid_grant", 70000);
    }

    [Fact]
    public async Task Refresh_tokens_are_counted()
    {
        var first = await _client.PasswordAsync();
        var before = (await _client.GetStatsAsync()).GetProperty("tokensIssued").GetProperty("refresh_token").GetInt64();

        (await _client.RefreshAsync(first.RefreshToken!, TestTenant.FrontScope)).AssertSuccess();

        var after = (await _client.GetStatsAsync()).GetProperty("tokensIssued").GetProperty("refresh_token").GetInt64();
        Assert.Equal(before + 1, after);
    }

    [Fact]
    public async Task Expired_refresh_token_is_AADSTS700082()
    {
        var clock = new AdjustableTimeProvider();
        await using var factory = new EmulatorFactory(
            overrides: new Dictionary<string, string?> { ["EntraEmulator:RefreshTokenLifetime"] = "1.00:00:00" },
            time: clock);
        var client = factory.CreateTokenClient();
        var first = await client.PasswordAsync();

        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        (await client.RefreshAsync(first.RefreshToken!, TestTenant.FrontScope)).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 700082);
    }
}
