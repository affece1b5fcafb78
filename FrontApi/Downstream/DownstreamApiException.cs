using Microsoft.AspNetCore.Mvc;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace FrontApi.Downstream;

/// <summary>How a call to DownstreamApi failed, which decides FrontApi's answer.</summary>
public enum DownstreamApiFailure
{
    /// <summary>DownstreamApi refused the request's content (400): the client's mistake, passed through.</summary>
    RejectedRequest,

    /// <summary>DownstreamApi could not be reached, or answered 401/403/5xx or something unreadable.</summary>
    BadGateway,

    /// <summary>DownstreamApi said it is temporarily unavailable (503), or its circuit breaker is open.</summary>
    Unavailable,

    /// <summary>DownstreamApi did not answer within the time allowed.</summary>
    Timeout,
}

/// <summary>A call to DownstreamApi failed; FrontApi/Failures decides what it means for the caller.</summary>
public sealed class DownstreamApiException(DownstreamApiFailure failure, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public DownstreamApiFailure Failure { get; } = failure;

    /// <summary>For <see cref="DownstreamApiFailure.RejectedRequest"/>: DownstreamApi's own problem details.</summary>
    public ProblemDetails? Problem { get; init; }

    /// <summary>DownstreamApi's status code, when it answered.</summary>
    public int? StatusCode { get; init; }

    /// <summary>For a temporary outage: when the caller may retry, if known.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// What an unreachable DownstreamApi means for our caller: an open circuit, or a connection lost before any answer
    /// (refused, closed or reset mid-request: DownstreamApi is restarting or being redeployed) 503 with Retry-After, a
    /// timeout 504, else 502. A POST that lost its connection is not replayed (the resilience pipeline): whether it was
    /// applied is unknown, and the caller decides.
    /// </summary>
    public static DownstreamApiException Unreachable(Exception exception) => exception switch
    {
        BrokenCircuitException => new(DownstreamApiFailure.Unavailable, "DownstreamApi keeps failing: its circuit breaker is open.", exception),
        HttpRequestException request when Http.TransientFailures.IsConnectionLost(request) =>
            new(DownstreamApiFailure.Unavailable, "DownstreamApi refused or dropped the connection (restarting or redeploying?).", exception) { RetryAfter = Http.RetryAfter.Default },
        TimeoutRejectedException or OperationCanceledException => new(DownstreamApiFailure.Timeout, "DownstreamApi did not answer in time.", exception),
        _ => new(DownstreamApiFailure.BadGateway, "DownstreamApi could not be reached.", exception),
    };
}
