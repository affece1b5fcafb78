using System.Text.Json.Serialization;

namespace EntraEmulator.Graph;

/// <summary>
/// Microsoft Graph's error body: <c>{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}</c>
/// (Graph's "Microsoft Graph error responses and resource types").
/// </summary>
public sealed record GraphError([property: JsonPropertyName("error")] GraphError.Body Error)
{
    public static GraphError Create(string code, string message, HttpContext context, TimeProvider time) =>
        new(new Body(code, message, new Inner(
            time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss"),
            context.TraceIdentifier,
            context.Request.Headers["client-request-id"].FirstOrDefault() ?? context.TraceIdentifier)));

    public sealed record Body(
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("message")] string Message,
        [property: JsonPropertyName("innerError")] Inner InnerError);

    public sealed record Inner(
        [property: JsonPropertyName("date")] string Date,
        [property: JsonPropertyName("request-id")] string RequestId,
        [property: JsonPropertyName("client-request-id")] string ClientRequestId);
}
