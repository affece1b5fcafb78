using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace FrontApi.Infrastructure;

internal static class TransientFailures
{
    /// <summary>Network failures, timeouts (ours or the resilience pipeline's) and an open circuit; not the caller going away.</summary>
    public static bool IsUnreachable(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException or ExecutionRejectedException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>What an unreachable DownstreamApi means for our caller: an open circuit 503, a timeout 504, else 502.</summary>
    public static DownstreamApiException ToDownstreamException(Exception exception) => exception switch
    {
        BrokenCircuitException => new(DownstreamFailure.Unavailable, "DownstreamApi keeps failing: its circuit breaker is open.", exception),
        TimeoutRejectedException or OperationCanceledException => new(DownstreamFailure.Timeout, "DownstreamApi did not answer in time.", exception),
        _ => new(DownstreamFailure.BadGateway, "DownstreamApi could not be reached.", exception),
    };
}
