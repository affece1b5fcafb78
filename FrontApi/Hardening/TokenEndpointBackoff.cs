using System.Collections.Concurrent;

namespace FrontApi.Hardening;

/// <summary>
/// Remembers, per application (client id and tenant), until when the token endpoint asked not to be called again
/// (<c>Retry-After</c> on a 429 or 503), so FrontApi sends it nothing meanwhile (<see cref="TokenEndpointThrottle"/>).
/// One instance per process.
/// </summary>
public sealed class TokenEndpointBackoff(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _until = new(StringComparer.Ordinal);

    /// <returns>How long the caller must still wait, or null when the endpoint may be called.</returns>
    public TimeSpan? RemainingFor(string key)
    {
        if (!_until.TryGetValue(key, out var until))
        {
            return null;
        }

        var remaining = until - time.GetUtcNow();
        if (remaining > TimeSpan.Zero)
        {
            return remaining;
        }

        _until.TryRemove(KeyValuePair.Create(key, until)); // expired: forget it, unless renewed meanwhile
        return null;
    }

    public void BackOff(string key, TimeSpan retryAfter) =>
        _until.AddOrUpdate(key, time.GetUtcNow() + retryAfter, (_, current) =>
            current > time.GetUtcNow() + retryAfter ? current : time.GetUtcNow() + retryAfter);
}
