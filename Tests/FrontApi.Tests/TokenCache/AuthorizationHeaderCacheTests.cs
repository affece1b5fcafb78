using System.Net.Http.Headers;
using FrontApi.TokenCache;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Identity.Client;

namespace FrontApi.Tests.TokenCache;

/// <summary>How long <see cref="AuthorizationHeaderCache"/> serves what MSAL returned: exactly as long as MSAL would serve it from its own cache.</summary>
public sealed class AuthorizationHeaderCacheTests : IDisposable
{
    private static readonly string[] ReadScopes = ["api://downstream/Todo.Read"];
    private static readonly string[] WriteScopes = ["api://downstream/Todo.ReadWrite"];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly AuthorizationHeaderCache _cache;

    public AuthorizationHeaderCacheTests() =>
        _cache = new AuthorizationHeaderCache(Options.Create(new TokenCacheL1Options { MaxPartitions = 10 }), _time);

    public void Dispose() => _cache.Dispose();

    [Fact]
    public void A_header_is_served_until_five_minutes_before_its_token_expires()
    {
        _cache.Remember("caller-token", ReadScopes, Header("t1"), Result(expiresIn: TimeSpan.FromMinutes(60)));

        _time.Advance(TimeSpan.FromMinutes(54));
        Assert.Equal("t1", _cache.TryGet("caller-token", ReadScopes)?.Parameter);

        _time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Null(_cache.TryGet("caller-token", ReadScopes));
    }

    [Fact]
    public void A_header_is_served_until_MSAL_would_refresh_it()
    {
        _cache.Remember("caller-token", ReadScopes, Header("t1"), Result(expiresIn: TimeSpan.FromHours(24), refreshIn: TimeSpan.FromHours(12)));

        _time.Advance(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1));
        Assert.NotNull(_cache.TryGet("caller-token", ReadScopes));

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(_cache.TryGet("caller-token", ReadScopes));
    }

    [Fact]
    public void A_token_already_inside_MSALs_expiration_buffer_is_not_kept()
    {
        _cache.Remember("caller-token", ReadScopes, Header("t1"), Result(expiresIn: TimeSpan.FromMinutes(4)));

        Assert.Null(_cache.TryGet("caller-token", ReadScopes));
        Assert.Equal(0, _cache.Count);
    }

    [Fact]
    public void Headers_are_kept_per_caller_token_and_per_scope_set()
    {
        _cache.Remember("alice-token", ReadScopes, Header("alice-read"), Result(TimeSpan.FromHours(1)));
        _cache.Remember("alice-token", WriteScopes, Header("alice-write"), Result(TimeSpan.FromHours(1)));
        _cache.Remember("bob-token", ReadScopes, Header("bob-read"), Result(TimeSpan.FromHours(1)));

        Assert.Equal("alice-read", _cache.TryGet("alice-token", ReadScopes)?.Parameter);
        Assert.Equal("alice-write", _cache.TryGet("alice-token", WriteScopes)?.Parameter);
        Assert.Equal("bob-read", _cache.TryGet("bob-token", ReadScopes)?.Parameter);
        Assert.Null(_cache.TryGet("bob-token", WriteScopes));
        Assert.Null(_cache.TryGet("carol-token", ReadScopes));
    }

    [Fact]
    public void Forget_and_Clear_remove_headers()
    {
        _cache.Remember("alice-token", ReadScopes, Header("alice-read"), Result(TimeSpan.FromHours(1)));
        _cache.Remember("bob-token", ReadScopes, Header("bob-read"), Result(TimeSpan.FromHours(1)));

        _cache.Forget("alice-token", ReadScopes);
        Assert.Null(_cache.TryGet("alice-token", ReadScopes));
        Assert.NotNull(_cache.TryGet("bob-token", ReadScopes));

        _cache.Clear();
        Assert.Null(_cache.TryGet("bob-token", ReadScopes));
    }

    [Fact]
    public void The_number_of_headers_is_bounded()
    {
        for (var i = 0; i < 50; i++)
        {
            _cache.Remember($"caller-{i}", ReadScopes, Header($"t{i}"), Result(TimeSpan.FromHours(1)));
        }

        Assert.InRange(_cache.Count, 1, 10);
    }

    private static AuthenticationHeaderValue Header(string token) => new("Bearer", token);

    private AuthenticationResult Result(TimeSpan expiresIn, TimeSpan? refreshIn = null)
    {
        var expiresOn = _time.GetUtcNow() + expiresIn;
        return new AuthenticationResult("access-token", false, null, expiresOn, expiresOn, "tenant", null, null, ReadScopes, Guid.NewGuid(), "Bearer",
            authenticationResultMetadata: new AuthenticationResultMetadata(TokenSource.IdentityProvider) { RefreshOn = _time.GetUtcNow() + refreshIn });
    }
}
