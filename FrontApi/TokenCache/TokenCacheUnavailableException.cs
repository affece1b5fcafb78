namespace FrontApi.TokenCache;

/// <summary>
/// A long-running session's partition (<see cref="LongRunningSessionKey"/>) could not be read from Redis or written to
/// it — Redis failed or timed out, or the entry could not be decrypted. A temporary condition (FrontApi/Failures: 503 with
/// Retry-After; a job's round is retried): the session may well be intact, so it is never reported as absent.
/// </summary>
public sealed class TokenCacheUnavailableException(bool unreadable, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>True: Redis answered, but the entry could not be decrypted; false: Redis did not answer.</summary>
    public bool Unreadable { get; } = unreadable;
}
