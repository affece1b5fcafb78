using Polly;

namespace FrontApi.Infrastructure;

internal static class TransientFailures
{
    /// <summary>Network failures, timeouts (ours or the resilience pipeline's) and an open circuit; not the caller going away.</summary>
    public static bool IsUnreachable(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException or ExecutionRejectedException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
