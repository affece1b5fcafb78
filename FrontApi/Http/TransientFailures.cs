using Polly;

namespace FrontApi.Http;

/// <summary>Outcomes of an outgoing HTTP call (to the identity platform or to DownstreamApi) that mean "not reachable now".</summary>
public static class TransientFailures
{
    /// <summary>Network failures, timeouts (ours or the resilience pipeline's) and an open circuit; not the caller going away.</summary>
    public static bool IsUnreachable(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException or ExecutionRejectedException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
