using System.Net;
using Aspire.Hosting.ApplicationModel;
using EntraEmulator.Hosting.Emulator;

namespace AspireObo.SystemTests.TokenCache;

/// <summary>
/// What FrontApi's header memo (FrontApi/Hardening) could break: serving a downstream token for longer than MSAL would.
/// The emulator issues tokens valid for <see cref="TokenLifetime"/>; MSAL treats a token as expired 5 minutes before
/// its <c>exp</c>, so a cached DownstreamApi token is usable for <see cref="UsableFor"/> after its exchange, and then
/// the next request must exchange again (counted at the emulator), with the memo and with MSAL's own cache alike.
/// </summary>
public sealed class CachedTokenExpiryTests(CachedTokenExpiryTests.FiveMinutesAndALittleSystem system)
    : IClassFixture<CachedTokenExpiryTests.FiveMinutesAndALittleSystem>
{
    private static readonly TimeSpan UsableFor = TimeSpan.FromSeconds(12);
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(5) + UsableFor;

    private readonly RunningSystem _system = system.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_cached_downstream_token_is_served_until_MSAL_would_renew_it_and_then_exchanged_again()
    {
        var token = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        using var front = _system.CreateFrontClient(token);

        await GetTodosAsync(front);
        var exchangedAt = DateTimeOffset.UtcNow;
        Assert.Equal(1, await _system.Identity.GetOnBehalfOfCountAsync(token, Cancellation));

        await GetTodosAsync(front);
        Assert.True(DateTimeOffset.UtcNow - exchangedAt < UsableFor, "The second request came too late to test reuse.");
        Assert.Equal(1, await _system.Identity.GetOnBehalfOfCountAsync(token, Cancellation)); // reused

        // Past the point where MSAL renews (plus a second for the clocks of separate processes).
        await Task.Delay(exchangedAt + UsableFor + TimeSpan.FromSeconds(1) - DateTimeOffset.UtcNow, Cancellation);
        await GetTodosAsync(front);
        Assert.Equal(2, await _system.Identity.GetOnBehalfOfCountAsync(token, Cancellation)); // renewed, not served stale

        await GetTodosAsync(front);
        Assert.Equal(2, await _system.Identity.GetOnBehalfOfCountAsync(token, Cancellation)); // the new one is reused
    }

    private static async Task GetTodosAsync(HttpClient front)
    {
        using var response = await front.GetAsync("/api/todos", Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"GET /api/todos: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
    }

    /// <summary>A system whose emulator issues every access token with <see cref="TokenLifetime"/>.</summary>
    public sealed class FiveMinutesAndALittleSystem() : PrivateSystem(new SystemOptions
    {
        ConfigureAppHost = appHost => appHost.CreateResourceBuilder<EntraEmulatorResource>("identity")
            .WithEnvironment("EntraEmulator__AccessTokenLifetime", TokenLifetime.ToString("c")),
    });
}
