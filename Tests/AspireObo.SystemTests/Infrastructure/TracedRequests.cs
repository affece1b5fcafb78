using System.Net;

namespace AspireObo.SystemTests.Infrastructure;

public static class TracedRequests
{
    /// <summary>
    /// Sends a request as part of a trace the test started (its own <c>traceparent</c>), checks the status, and returns
    /// the trace's id and the caller's span id (the parent of the service's server span).
    /// </summary>
    public static async Task<(string TraceId, string CallerSpanId)> SendTracedAsync(this HttpClient client,
        HttpMethod method, string path, HttpStatusCode expected, CancellationToken cancellationToken, HttpContent? content = null)
    {
        var (traceParent, traceId, spanId) = DashboardTelemetry.NewTraceParent();
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("traceparent", traceParent);
        using var response = await client.SendAsync(request, cancellationToken);
        Assert.Equal(expected, response.StatusCode);
        return (traceId, spanId);
    }
}
