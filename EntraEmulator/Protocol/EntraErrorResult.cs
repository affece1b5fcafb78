using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Serialization;

namespace EntraEmulator.Protocol;

/// <summary>
/// Writes an <see cref="EntraError"/> as Entra does: the AADSTS code leads <c>error_description</c>, which also carries
/// trace id, correlation id and timestamp; <c>error_codes</c> repeats the number. MSAL reads error, error_codes and suberror.
/// </summary>
public sealed class EntraErrorResult(EntraError error) : IResult
{
    public EntraError Error { get; } = error;

    public async Task ExecuteAsync(HttpContext context)
    {
        var details = Describe(Error, context);
        var body = new Body(
            Error.Error,
            details.Description,
            [Error.Code],
            details.Timestamp,
            details.TraceId,
            details.CorrelationId,
            details.ErrorUri,
            Error.SubError,
            Error.Claims);

        context.Response.StatusCode = Error.StatusCode;
        TokenResponseHeaders.Apply(context.Response);
        await context.Response.WriteAsJsonAsync(body, context.RequestAborted);
    }

    /// <summary>
    /// The parts Entra adds to every error, wherever it is shown (JSON body, redirect parameters, error page):
    /// <c>error_description</c> leads with the AADSTS code and ends with trace id, correlation id and timestamp.
    /// </summary>
    public static ErrorDetails Describe(EntraError error, HttpContext context)
    {
        var services = context.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var urls = services.GetRequiredService<EmulatorUrls>();

        var timestamp = now.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var traceId = TraceIdOf(Activity.Current);
        var correlationId = RequestCorrelation.IdFor(context);
        return new ErrorDetails(
            $"AADSTS{error.Code}: {error.Message}\r\nTrace ID: {traceId}\r\nCorrelation ID: {correlationId}\r\nTimestamp: {timestamp}",
            timestamp,
            traceId,
            correlationId,
            $"{urls.Instance(context.Request)}error?code={error.Code}");
    }

    public sealed record ErrorDetails(string Description, string Timestamp, string TraceId, string CorrelationId, string ErrorUri);

    /// <summary>Entra's trace id is a GUID; the W3C trace id has the same 16 bytes, so errors point at the trace.</summary>
    private static string TraceIdOf(Activity? activity) =>
        activity is null
            ? Guid.NewGuid().ToString("D")
            : Guid.ParseExact(activity.TraceId.ToHexString(), "N").ToString("D");

    private sealed record Body(
        [property: JsonPropertyName("error")] string Error,
        [property: JsonPropertyName("error_description")] string ErrorDescription,
        [property: JsonPropertyName("error_codes")] int[] ErrorCodes,
        [property: JsonPropertyName("timestamp")] string Timestamp,
        [property: JsonPropertyName("trace_id")] string TraceId,
        [property: JsonPropertyName("correlation_id")] string CorrelationId,
        [property: JsonPropertyName("error_uri")] string ErrorUri,
        [property: JsonPropertyName("suberror"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SubError,
        [property: JsonPropertyName("claims"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Claims);
}
