namespace FrontApi.Failures;

/// <summary>Why the identity platform gave no token, when it is not an answer of its own (those are MSAL's exceptions).</summary>
public enum IdentityPlatformFailure
{
    /// <summary>The token endpoint could not be reached (network failure, timeout of the HTTP call).</summary>
    Unreachable,

    /// <summary>No token came within the time FrontApi waits for one.</summary>
    TimedOut,

    /// <summary>The token endpoint asked to wait (429, or 503 with <c>Retry-After</c>) and that time has not passed.</summary>
    Throttled,
}

/// <summary>
/// The identity platform is unavailable for the On-Behalf-Of exchange: a temporary condition, answered 503 with
/// <c>Retry-After</c>. (What the identity platform itself answers arrives as MSAL's exceptions.)
/// </summary>
public sealed class IdentityPlatformException(IdentityPlatformFailure failure, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public IdentityPlatformFailure Failure { get; } = failure;

    /// <summary>When a token request may be sent again, if known.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
