using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using Microsoft.Identity.Abstractions;

namespace AspireObo.Benchmarks.TokenCache;

/// <summary>
/// One call to Microsoft.Identity.Web's <c>CreateAuthorizationHeaderForUserAsync</c> for a user, as FrontApi makes it
/// per request: served by L1, by Redis alone, or by the token endpoint; with 1 and with 10,000 OBO tokens cached.
/// Runs in process (the fixture holds the running system), see <see cref="TokenCacheBenchmarkConfig"/>.
/// </summary>
[Config(typeof(TokenCacheBenchmarkConfig))]
public class TokenAcquisitionBenchmarks
{
    private static readonly AuthorizationHeaderProviderOptions ForceRefresh = new() { AcquireTokenOptions = new() { ForceRefresh = true } };

    /// <summary>Set by the program before BenchmarkDotNet starts.</summary>
    public static TokenCacheFixture? Fixture { get; set; }

    public static IReadOnlyList<int> CachedUserCounts { get; set; } = [1, 10_000];

    private static TokenCacheFixture Current => Fixture ?? throw new InvalidOperationException("The token cache fixture is not set.");

    [ParamsSource(nameof(CachedUserCounts))]
    public int CachedUsers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Current.EnsureCachedAsync(CachedUsers, CancellationToken.None).GetAwaiter().GetResult();

        // FrontApi's provider reads the caller from the current request, set here for this thread's benchmark calls.
        Current.WithL1.ActAs(Current.Target);

        // Both stacks have served the target once: its L1 entry exists, and the app and Data Protection keys are loaded.
        FrontApiL1Hit().GetAwaiter().GetResult();
        L1Hit().GetAwaiter().GetResult();
        L2Hit().GetAwaiter().GetResult();
        L1HitUnencrypted().GetAwaiter().GetResult();
        L1HitIdentityWebAdapter().GetAwaiter().GetResult();
        L2HitIdentityWebAdapter().GetAwaiter().GetResult();
    }

    /// <summary>What a FrontApi request does: <c>IAuthorizationHeaderProvider</c> as FrontApi decorates it, served by the header memo.</summary>
    [Benchmark(Description = TokenCacheProfile.FrontApiL1Hit)]
    public Task<string> FrontApiL1Hit() =>
        Current.WithL1.FrontApiTokens.CreateAuthorizationHeaderForUserAsync(TokenCacheFixture.Scopes, cancellationToken: CancellationToken.None);

    /// <summary>The MSAL call behind it (Identity.Web, L1 = MSAL's resident partitions): what a request pays without the header memo.</summary>
    [Benchmark(Description = "L1 hit (MSAL)")]
    public Task<string> L1Hit() =>
        Current.WithL1.Headers.CreateAuthorizationHeaderForUserAsync(TokenCacheFixture.Scopes, claimsPrincipal: Current.Target);

    [Benchmark(Description = "L2-only hit (Redis)")]
    public Task<string> L2Hit() =>
        Current.L2Only.Headers.CreateAuthorizationHeaderForUserAsync(TokenCacheFixture.Scopes, claimsPrincipal: Current.Target);

    /// <summary>Without FrontApi's token-cache parts: the same hit through Identity.Web's own adapter and its L1.</summary>
    [Benchmark(Description = IdentityWebAdapterL1Hit)]
    public Task<string> L1HitIdentityWebAdapter() =>
        Current.IdentityWebAdapter.Headers.CreateAuthorizationHeaderForUserAsync(TokenCacheFixture.Scopes, claimsPrincipal: Current.Target);

    /// <summary>Without FrontApi's L2 read path: Redis through Identity.Web's adapter, its L1 off.</summary>
    [Benchmark(Description = IdentityWebAdapterL2Hit)]
    public Task<string> L2HitIdentityWebAdapter() =>
        Current.IdentityWebAdapterL2Only.Headers.CreateAuthorizationHeaderForUserAsync(TokenCacheFixture.Scopes, claimsPrincipal: Current.Target);

    public const string IdentityWebAdapterL1Hit = "L1 hit (Identity.Web's adapter)";
    public const string IdentityWebAdapterL2Hit = "L2-only hit (Identity.Web's adapter)";

    /// <summary>Diagnostic: the same L1 hit without the cache's encryption (FrontApi always encrypts).</summary>
    [Benchmark(Description = "L1 hit (MSAL), not encrypted (diagnostic)")]
    public Task<string> L1HitUnencrypted() =>
        Current.Unencrypted.Headers.CreateAuthorizationHeaderForUserAsync(TokenCacheFixture.Scopes, claimsPrincipal: Current.Target);

    /// <summary>ForceRefresh: MSAL skips the cache lookup, exchanges at the emulator, and writes the result to L1 and Redis.</summary>
    [Benchmark(Description = "Miss (token endpoint)")]
    public Task<string> Miss() =>
        Current.WithL1.Headers.CreateAuthorizationHeaderForUserAsync(TokenCacheFixture.Scopes, ForceRefresh, Current.Target);
}
