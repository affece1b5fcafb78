using Microsoft.AspNetCore.Mvc;

namespace FrontApi.Infrastructure;

public enum DownstreamFailure
{
    /// <summary>DownstreamApi refused the request's content (400): the client's mistake, passed through.</summary>
    RejectedRequest,

    /// <summary>DownstreamApi could not be reached, timed out, or answered 401/403/5xx or something unreadable.</summary>
    BadGateway,

    /// <summary>The identity platform could not be reached to exchange the token.</summary>
    AuthorityUnreachable,

    /// <summary>DownstreamApi said it is temporarily unavailable (503), or its circuit breaker is open.</summary>
    Unavailable,

    /// <summary>DownstreamApi did not answer within the time allowed.</summary>
    Timeout,
}

/// <summary>A call to DownstreamApi failed; <see cref="DownstreamErrors"/> turns it into problem details.</summary>
public sealed class DownstreamApiException(DownstreamFailure failure, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public DownstreamFailure Failure { get; } = failure;

    /// <summary>For <see cref="DownstreamFailure.RejectedRequest"/>: DownstreamApi's own problem details.</summary>
    public ProblemDetails? Problem { get; init; }

    /// <summary>DownstreamApi's status code, when it answered.</summary>
    public int? StatusCode { get; init; }

    /// <summary>For a temporary outage: when the caller may retry, if known.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
