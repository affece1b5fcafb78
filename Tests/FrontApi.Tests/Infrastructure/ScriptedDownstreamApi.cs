using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;

namespace FrontApi.Tests.Infrastructure;

/// <summary>
/// DownstreamApi as FrontApi's HTTP client sees it: the primary handler under FrontApi's own resilience pipeline.
/// <see cref="Respond"/> answers each request; by default, <c>/me</c> describes the caller and <c>/todos</c> is empty.
/// </summary>
public sealed class ScriptedDownstreamApi : HttpMessageHandler
{
    public const string Oid = "00000000-0000-0000-0000-0000000000aa";

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<HttpRequestMessage> Requests { get; } = new();

    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Respond { get; set; } = (request, _) =>
        Task.FromResult(request.RequestUri!.AbsolutePath switch
        {
            "/me" => Json(new { oid = Oid, tid = UserTokens.TenantId, azp = "front-api", scopes = new[] { "Todo.Read" } }),
            "/todos" => Json(Array.Empty<object>()),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        });

    public static HttpResponseMessage Json(object body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = JsonContent.Create(body) };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        return Respond(request, cancellationToken);
    }
}
