using System.Diagnostics;
using System.Net.Http.Headers;

namespace AspireObo.Benchmarks.Load;

/// <summary>One request of a scenario: where it goes and with which bearer token (GET unless told).</summary>
public sealed record LoadRequest(Uri Address, string Token, HttpMethod? Method = null)
{
    /// <summary>A DELETE of a todo that does not exist: a call with the write scope that changes no data; 404 is its answer.</summary>
    public bool IsExpected(HttpResponseMessage response) =>
        response.IsSuccessStatusCode || (Method == HttpMethod.Delete && response.StatusCode == global::System.Net.HttpStatusCode.NotFound);
}

/// <summary>
/// A closed-loop load generator: a fixed number of connections, each sending its next request as soon as the previous
/// answered, over HTTP/1.1 keep-alive on loopback. Records every request's latency and outcome.
/// </summary>
public sealed class LoadRunner : IDisposable
{
    private readonly HttpClient _http;

    public LoadRunner(int maxConnections)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>Runs <paramref name="concurrency"/> loops until <paramref name="duration"/> is over or the requests run out.</summary>
    /// <param name="next">The i-th request of a loop; null when that loop has nothing more to send.</param>
    public async Task<LoadSample> RunAsync(int concurrency, TimeSpan duration, Func<int, long, LoadRequest?> next, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var loops = Enumerable.Range(0, concurrency).Select(loop => Task.Run(() => LoopAsync(loop, deadline, next, cancellationToken), cancellationToken));
        var samples = await Task.WhenAll(loops);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return LoadSample.Combine(samples, elapsed);
    }

    public void Dispose() => _http.Dispose();

    private async Task<LoadSample> LoopAsync(int loop, long deadline, Func<int, long, LoadRequest?> next, CancellationToken cancellationToken)
    {
        var sample = new LoadSample();
        for (long i = 0; Stopwatch.GetTimestamp() < deadline && next(loop, i) is { } request; i++)
        {
            using var message = new HttpRequestMessage(request.Method ?? HttpMethod.Get, request.Address);
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", request.Token);
            var start = Stopwatch.GetTimestamp();
            bool ok;
            try
            {
                using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
                ok = request.IsExpected(response);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                ok = false;
            }

            sample.Record(Stopwatch.GetElapsedTime(start), ok);
        }

        return sample;
    }
}
