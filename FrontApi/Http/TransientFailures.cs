using System.Net.Sockets;
using Polly;

namespace FrontApi.Http;

/// <summary>Outcomes of an outgoing HTTP call (to the identity platform or to DownstreamApi) that mean "not reachable now".</summary>
public static class TransientFailures
{
    /// <summary>Network failures, timeouts (ours or the resilience pipeline's) and an open circuit; not the caller going away.</summary>
    public static bool IsUnreachable(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException or ExecutionRejectedException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>
    /// The connection was lost before any answer: refused, closed, or reset mid-request (the other side restarting or
    /// being redeployed). Not a bad answer or a TLS or name failure, which say something is misconfigured.
    /// </summary>
    public static bool IsConnectionLost(HttpRequestException exception) =>
        exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded
        || (exception.HttpRequestError is HttpRequestError.Unknown && SocketErrorOf(exception) is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown);

    private static SocketError? SocketErrorOf(Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode;
            }
        }

        return null;
    }
}
