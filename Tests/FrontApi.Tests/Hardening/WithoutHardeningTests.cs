using System.Net;
using System.Net.Http.Json;
using FrontApi.Hardening;
using FrontApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Identity.Abstractions;

namespace FrontApi.Tests.Hardening;

/// <summary>
/// The hardening layer is an addition, not a dependency: with it off (as if its line in Program.cs were removed), FrontApi
/// is the plain Identity.Web sample — a request, a profile and a job still get their tokens, straight from Identity.Web
/// and MSAL (real ones, against the stand-in token endpoint), and failures still mean what they mean.
/// </summary>
public sealed class WithoutHardeningTests : IDisposable
{
    private readonly FrontApiHost _host = new()
    {
        RealTokenAcquisition = true,
        ExtraSettings = new Dictionary<string, string?> { [HardeningExtensions.EnabledKey] = "false" },
    };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Requests_and_profiles_get_their_tokens_from_Identity_Web_itself()
    {
        await _host.WaitUntilReadyAsync();
        Assert.IsNotType<HardenedAuthorizationHeaderProvider>(_host.Services.GetRequiredService<IAuthorizationHeaderProvider>());
        using var frank = _host.ClientWith(_host.UserTokens.For("frank"));

        using var me = await frank.GetAsync("/api/me", Cancellation);
        using var again = await frank.GetAsync("/api/me", Cancellation);
        using var profile = await frank.GetAsync("/api/profile", Cancellation);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.False((await profile.Content.ReadFromJsonAsync<FrontApi.Model.ProfileResponse>(System.Text.Json.JsonSerializerOptions.Web, Cancellation))!.Partial);
        Assert.Equal(2, _host.Authority.OnBehalfOfRequestsFor("frank")); // DownstreamApi's token once (then MSAL's cache), Graph's once
    }

    [Fact]
    public async Task A_throttling_token_endpoint_is_still_a_503_with_Retry_After()
    {
        await _host.WaitUntilReadyAsync();
        _host.Authority.TokenEndpoint = (form, _) => Task.FromResult(form.GetValueOrDefault("grant_type") == TestAuthority.OnBehalfOfGrant
            ? TestAuthority.Error((HttpStatusCode)429, "temporarily_unavailable", "AADSTS50196: throttled.", TimeSpan.FromSeconds(8))
            : _host.Authority.Issue(form));
        using var grace = _host.ClientWith(_host.UserTokens.For("grace"));

        using var response = await grace.GetAsync("/api/me", Cancellation);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(8), response.Headers.RetryAfter?.Delta);
    }
}
