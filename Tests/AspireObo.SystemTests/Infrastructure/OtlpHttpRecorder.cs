using System.Collections.Concurrent;
using System.Net;
using System.Text;
using AspireObo.AppHost;

namespace AspireObo.SystemTests.Infrastructure;

/// <summary>
/// A minimal OTLP/HTTP (protobuf) receiver that keeps every request body as it arrived, for signals the dashboard's
/// API does not serve (metrics). The bodies are scanned as bytes: protobuf carries strings verbatim (UTF-8), so a
/// token or secret in any attribute, name or value would appear as is.
/// </summary>
public sealed class OtlpHttpRecorder : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _requests = new();
    private readonly Task _loop;

    public OtlpHttpRecorder()
    {
        BaseAddress = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/");
        _listener.Prefixes.Add(BaseAddress.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri BaseAddress { get; }

    public Uri MetricsEndpoint => new(BaseAddress, "v1/metrics");

    /// <summary>All bodies received on <paramref name="path"/> so far, each decoded as UTF-8 (binary parts become U+FFFD).</summary>
    public IReadOnlyList<string> Received(string path) =>
        [.. _requests.Where(request => request.Path == path).Select(request => Encoding.UTF8.GetString(request.Body))];

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            _requests.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));

            // An empty Export*ServiceResponse: full success.
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.ContentLength64 = 0;
            context.Response.Close();
        }
    }

}
