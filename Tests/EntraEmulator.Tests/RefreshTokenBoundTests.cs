using System.Net;
using EntraEmulator.Options;
using EntraEmulator.Protocol;
using EntraEmulator.Tests.Infrastructure;
using EntraEmulator.Tokens;
using OptionsFactory = Microsoft.Extensions.Options.Options;

namespace EntraEmulator.Tests;

/// <summary>The refresh-token store has a maximum size: a long load run cannot grow it (or slow it down) without end.</summary>
public sealed class RefreshTokenBoundTests
{
    [Fact]
    public async Task Past_the_maximum_the_token_closest_to_expiry_is_forgotten_and_its_redemption_is_AADSTS70000()
    {
        await using var emulator = new EmulatorFactory(overrides: new Dictionary<string, string?> { ["EntraEmulator:MaxRefreshTokens"] = "3" });
        var client = emulator.CreateTokenClient();

        var issued = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var signIn = await client.PasswordAsync();
            signIn.AssertSuccess();
            issued.Add(signIn.RefreshToken!);
        }

        // The two oldest were evicted: Entra's answer for a refresh token it no longer honours (the client signs the user in again).
        (await client.RefreshAsync(issued[0], TestTenant.FrontScope)).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 70000);
        (await client.RefreshAsync(issued[1], TestTenant.FrontScope)).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 70000);
        (await client.RefreshAsync(issued[4], TestTenant.FrontScope)).AssertSuccess();
    }

    private static readonly UserIdentity Alice = new(TestTenant.AliceObjectId, "Alice", "alice@aspireobo.dev");

    [Fact]
    public void Issuing_past_the_maximum_keeps_the_store_at_the_maximum_and_the_newest_tokens()
    {
        var store = Store(new AdjustableTimeProvider(), maxCount: 100);

        var handles = Enumerable.Range(0, 1_000).Select(_ => store.Issue(TestTenant.DevClient, Alice, TestTenant.FrontScope)).ToList();

        Assert.Equal(100, store.Count);
        Assert.All(handles[..900], handle => Assert.Null(store.Find(handle)));
        Assert.All(handles[900..], handle => Assert.NotNull(store.Find(handle)));
    }

    [Fact]
    public void When_full_the_token_closest_to_expiry_goes_first()
    {
        var store = Store(new AdjustableTimeProvider(), maxCount: 2);
        var longLived = store.Issue(TestTenant.DevClient, Alice, TestTenant.FrontScope);
        var spa = store.Issue(TestTenant.DevClient, Alice, TestTenant.FrontScope, spa: true); // 24 hours, not 90 days

        var newest = store.Issue(TestTenant.DevClient, Alice, TestTenant.FrontScope);

        Assert.Null(store.Find(spa));
        Assert.NotNull(store.Find(longLived));
        Assert.NotNull(store.Find(newest));
    }

    [Fact]
    public void An_expired_token_is_kept_one_more_lifetime_then_purged_by_the_next_issue()
    {
        var time = new AdjustableTimeProvider();
        var store = Store(time, maxCount: 1_000);
        var old = Enumerable.Range(0, 10).Select(_ => store.Issue(TestTenant.DevClient, Alice, TestTenant.FrontScope)).ToList();

        time.Advance(TimeSpan.FromDays(91)); // expired: still known, so its use is reported as expired (AADSTS700082)
        var recent = store.Issue(TestTenant.DevClient, Alice, TestTenant.FrontScope);
        Assert.Equal(11, store.Count);
        Assert.All(old, handle => Assert.NotNull(store.Find(handle)));

        time.Advance(TimeSpan.FromDays(90)); // past the second lifetime: forgotten when the next token is issued
        store.Issue(TestTenant.DevClient, Alice, TestTenant.FrontScope);

        Assert.Equal(2, store.Count);
        Assert.All(old, handle => Assert.Null(store.Find(handle)));
        Assert.NotNull(store.Find(recent));
    }

    private static RefreshTokenStore Store(TimeProvider time, int maxCount) =>
        new(OptionsFactory.Create(new EntraEmulatorOptions { MaxRefreshTokens = maxCount }), time);
}
