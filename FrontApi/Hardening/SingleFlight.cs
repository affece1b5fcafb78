using System.Collections.Concurrent;
using Microsoft.Identity.Abstractions;

namespace FrontApi.Hardening;

/// <summary>
/// Coalesces concurrent token requests with the same key into one (single-flight): MSAL does not, so 100 concurrent
/// first requests of one user would otherwise cause 100 OBO exchanges. One instance per process (a singleton).
/// <list type="bullet">
/// <item>Different keys never wait on each other: there is no lock, only one task per key.</item>
/// <item>The shared request runs without any caller's cancellation token, so one caller giving up does not fail
/// the others; each caller waits with its own token. HTTP timeouts bound the shared request itself.</item>
/// <item>An entry is removed as soon as its request completes (success or failure): nothing is cached here,
/// MSAL's token cache serves the next request.</item>
/// </list>
/// </summary>
public sealed class SingleFlight
{
    private readonly ConcurrentDictionary<TokenRequestKey, Lazy<Task<AuthorizationHeaderInformation>>> _inFlight = new();

    /// <summary>Requests currently running (for tests and diagnostics).</summary>
    public int Count => _inFlight.Count;

    public Task<AuthorizationHeaderInformation> RunAsync(TokenRequestKey key, Func<Task<AuthorizationHeaderInformation>> request, CancellationToken cancellationToken)
    {
        Lazy<Task<AuthorizationHeaderInformation>>? candidate = null;
        candidate = new Lazy<Task<AuthorizationHeaderInformation>>(() => RunAndRemoveAsync(KeyValuePair.Create(key, candidate!), request));
        var flight = _inFlight.GetOrAdd(key, candidate);
        return flight.Value.WaitAsync(cancellationToken);
    }

    private async Task<AuthorizationHeaderInformation> RunAndRemoveAsync(
        KeyValuePair<TokenRequestKey, Lazy<Task<AuthorizationHeaderInformation>>> entry, Func<Task<AuthorizationHeaderInformation>> request)
    {
        try
        {
            // Yield first, so the Lazy is in the dictionary before the request can complete and remove it.
            await Task.Yield();
            return await request();
        }
        finally
        {
            _inFlight.TryRemove(entry);
        }
    }
}
