using System.Security.Claims;
using AspireObo.Testing;
using Microsoft.Identity.Abstractions;

namespace AspireObo.Benchmarks.TokenCache;

/// <summary>
/// What the micro-benchmark measures against: FrontApi's token acquisition with its L1 (<see cref="WithL1"/>), the same
/// with L1 disabled so Redis serves every read (<see cref="L2Only"/>), and a growing set of cached OBO tokens, each
/// obtained by a real exchange at the emulator for its own user token (MSAL keys OBO entries by the incoming token).
/// </summary>
public sealed class TokenCacheFixture(RunningSystem system, string frontApiClientSecret, string redisConnectionString, IReadOnlyList<DevUser> users, TextWriter log) : IDisposable
{
    private const int Parallelism = 8;

    public static readonly string[] Scopes = [DevTenant.DownstreamReadScope];

    private readonly List<ClaimsPrincipal> _cached = [];

    public TokenAcquisitionStack WithL1 { get; } = new(system, frontApiClientSecret, redisConnectionString, l1Disabled: false);

    public TokenAcquisitionStack L2Only { get; } = new(system, frontApiClientSecret, redisConnectionString, l1Disabled: true);

    /// <summary>Identity.Web's own token-cache adapter (its L1, its Redis reads), where FrontApi has ResidentPartitionTokenCache.</summary>
    public TokenAcquisitionStack IdentityWebAdapter { get; } = new(system, frontApiClientSecret, redisConnectionString, l1Disabled: false, identityWebAdapter: true);

    /// <summary>Identity.Web's own adapter with its L1 off: every read from Redis through the adapter's own read path.</summary>
    public TokenAcquisitionStack IdentityWebAdapterL2Only { get; } = new(system, frontApiClientSecret, redisConnectionString, l1Disabled: true, identityWebAdapter: true);

    /// <summary>Diagnostic: the L1 stack without encryption, to tell Data Protection's share of a hit.</summary>
    public TokenAcquisitionStack Unencrypted { get; } = new(system, frontApiClientSecret, redisConnectionString, l1Disabled: false, encrypted: false);

    /// <summary>The caller the hit benchmarks ask for: the first one cached, however many follow.</summary>
    public ClaimsPrincipal Target => _cached[0];

    public int CachedCount => _cached.Count;

    /// <summary>One L1-or-L2 hit for <see cref="Target"/> on <paramref name="stack"/>.</summary>
    public Task<string> HitAsync(TokenAcquisitionStack stack, CancellationToken cancellationToken) =>
        stack.Headers.CreateAuthorizationHeaderForUserAsync(Scopes, claimsPrincipal: Target, cancellationToken: cancellationToken);

    /// <summary>Caches OBO tokens for new callers until <paramref name="count"/> are cached.</summary>
    public async Task EnsureCachedAsync(int count, CancellationToken cancellationToken)
    {
        if (_cached.Count >= count)
        {
            return;
        }

        var started = DateTime.UtcNow;
        var added = new ClaimsPrincipal[count - _cached.Count];
        var offset = _cached.Count;
        await Parallel.ForAsync(0, added.Length, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var caller = TokenAcquisitionStack.CallerOf((await system.Identity.GetUserTokenAsync(users[(offset + i) % users.Count], token)).Value);
            // As a FrontApi request would: the header cache in front of MSAL remembers it too (memory figures include it).
            WithL1.ActAs(caller);
            await WithL1.FrontApiTokens.CreateAuthorizationHeaderForUserAsync(Scopes, cancellationToken: token);
            added[i] = caller;
        });
        _cached.AddRange(added);
        log.WriteLine($"Cached {added.Length} OBO tokens (real exchanges) in {(DateTime.UtcNow - started).TotalSeconds:0.0} s; {_cached.Count} cached in all.");
    }

    public void Dispose()
    {
        WithL1.Dispose();
        L2Only.Dispose();
        Unencrypted.Dispose();
        IdentityWebAdapter.Dispose();
        IdentityWebAdapterL2Only.Dispose();
    }
}
