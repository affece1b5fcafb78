using System.Net.Http.Headers;
using FrontApi.OnBehalfOf;

namespace FrontApi.Tests.Infrastructure;

/// <summary>
/// Stands in for the provider that acquires tokens from the identity platform (the innermost
/// <see cref="IDownstreamTokenProvider"/>), so FrontApi's own logic around it — single-flight, back-off, bounded wait,
/// error mapping — runs as in production. Each acquisition runs <see cref="Acquire"/>, which a test scripts.
/// </summary>
public sealed class ScriptedTokenProvider : IDownstreamTokenProvider
{
    private int _calls;
    private int _forcedRefreshes;

    /// <summary>Token acquisitions that reached the identity platform's stand-in.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Acquisitions that asked to skip the cache.</summary>
    public int ForcedRefreshes => Volatile.Read(ref _forcedRefreshes);

    public Func<string[], CancellationToken, Task<AuthenticationHeaderValue>> Acquire { get; set; } =
        (_, _) => Task.FromResult(new AuthenticationHeaderValue("Bearer", "downstream-token"));

    public Task<AuthenticationHeaderValue> GetAuthorizationHeaderAsync(string[] scopes, bool forceRefresh, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (forceRefresh)
        {
            Interlocked.Increment(ref _forcedRefreshes);
        }

        return Acquire(scopes, cancellationToken);
    }
}
