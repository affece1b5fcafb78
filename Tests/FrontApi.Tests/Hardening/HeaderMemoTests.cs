using FrontApi.Hardening;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Identity.Abstractions;

namespace FrontApi.Tests.Hardening;

/// <summary>How long <see cref="HeaderMemo"/> serves what Identity.Web returned: exactly as long as MSAL would serve it from its own cache.</summary>
public sealed class HeaderMemoTests : IDisposable
{
    private static readonly string[] ReadScopes = ["api://downstream/Todo.Read"];
    private static readonly string[] WriteScopes = ["api://downstream/Todo.ReadWrite"];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly HeaderMemo _cache;

    public HeaderMemoTests() =>
        _cache = new HeaderMemo(Options.Create(new HardeningOptions { MaxHeaders = 10 }), _time);

    public void Dispose() => _cache.Dispose();

    [Fact]
    public void A_header_is_served_until_five_minutes_before_its_token_expires()
    {
        _cache.Remember(Key("caller-token", ReadScopes), Header("t1", Result(expiresIn: TimeSpan.FromMinutes(60))));

        _time.Advance(TimeSpan.FromMinutes(54));
        Assert.Equal("Bearer t1", _cache.TryGet(Key("caller-token", ReadScopes))?.AuthorizationHeaderValue);

        _time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Null(_cache.TryGet(Key("caller-token", ReadScopes)));
    }

    [Fact]
    public void A_header_is_served_until_MSAL_would_refresh_it()
    {
        _cache.Remember(Key("caller-token", ReadScopes), Header("t1", Result(expiresIn: TimeSpan.FromHours(24), refreshIn: TimeSpan.FromHours(12))));

        _time.Advance(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1));
        Assert.NotNull(_cache.TryGet(Key("caller-token", ReadScopes)));

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(_cache.TryGet(Key("caller-token", ReadScopes)));
    }

    [Fact]
    public void A_token_already_inside_MSALs_expiration_buffer_is_not_kept()
    {
        _cache.Remember(Key("caller-token", ReadScopes), Header("t1", Result(expiresIn: TimeSpan.FromMinutes(4))));

        Assert.Null(_cache.TryGet(Key("caller-token", ReadScopes)));
        Assert.Equal(0, _cache.Count);
    }

    [Fact]
    public void Headers_are_kept_per_caller_token_and_per_scope_set()
    {
        _cache.Remember(Key("alice-token", ReadScopes), Header("alice-read", Result(TimeSpan.FromHours(1))));
        _cache.Remember(Key("alice-token", WriteScopes), Header("alice-write", Result(TimeSpan.FromHours(1))));
        _cache.Remember(Key("bob-token", ReadScopes), Header("bob-read", Result(TimeSpan.FromHours(1))));

        Assert.Equal("Bearer alice-read", _cache.TryGet(Key("alice-token", ReadScopes))?.AuthorizationHeaderValue);
        Assert.Equal("Bearer alice-write", _cache.TryGet(Key("alice-token", WriteScopes))?.AuthorizationHeaderValue);
        Assert.Equal("Bearer bob-read", _cache.TryGet(Key("bob-token", ReadScopes))?.AuthorizationHeaderValue);
        Assert.Null(_cache.TryGet(Key("bob-token", WriteScopes)));
        Assert.Null(_cache.TryGet(Key("carol-token", ReadScopes)));
    }

    [Fact]
    public void Forget_and_Clear_remove_headers()
    {
        _cache.Remember(Key("alice-token", ReadScopes), Header("alice-read", Result(TimeSpan.FromHours(1))));
        _cache.Remember(Key("bob-token", ReadScopes), Header("bob-read", Result(TimeSpan.FromHours(1))));

        _cache.Forget(Key("alice-token", ReadScopes));
        Assert.Null(_cache.TryGet(Key("alice-token", ReadScopes)));
        Assert.NotNull(_cache.TryGet(Key("bob-token", ReadScopes)));

        _cache.Clear();
        Assert.Null(_cache.TryGet(Key("bob-token", ReadScopes)));
    }

    [Fact]
    public void The_number_of_headers_is_bounded()
    {
        for (var i = 0; i < 50; i++)
        {
            _cache.Remember(Key($"caller-{i}", ReadScopes), Header($"t{i}", Result(TimeSpan.FromHours(1))));
        }

        Assert.InRange(_cache.Count, 1, 10);
    }

    private static TokenRequestKey Key(string callerToken, string[] scopes) => TokenRequestKey.Of(callerToken, scopes);

    private static AuthorizationHeaderInformation Header(string token, TokenAcquisitionMetadata metadata) =>
        new() { AuthorizationHeaderValue = "Bearer " + token, Metadata = metadata };

    private TokenAcquisitionMetadata Result(TimeSpan expiresIn, TimeSpan? refreshIn = null) => new()
    {
        TokenSource = AcquiredTokenSource.IdentityProvider,
        ExpiresOn = _time.GetUtcNow() + expiresIn,
        RefreshOn = _time.GetUtcNow() + refreshIn,
    };

    [Fact]
    public void The_same_scopes_in_another_order_are_the_same_key()
    {
        _cache.Remember(Key("alice-token", ["b", "a"]), Header("t1", Result(TimeSpan.FromHours(1))));

        Assert.Equal("Bearer t1", _cache.TryGet(Key("alice-token", ["a", "b"]))?.AuthorizationHeaderValue);
    }
}
