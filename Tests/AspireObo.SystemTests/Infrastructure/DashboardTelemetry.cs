using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace AspireObo.SystemTests.Infrastructure;

/// <summary>A span as the dashboard stored it from the services' OTLP export.</summary>
public sealed record ExportedSpan(
    string Service, string TraceId, string SpanId, string? ParentSpanId, string Name, int Kind, int StatusCode,
    IReadOnlyDictionary<string, string> Attributes)
{
    public const int ServerKind = 2;
    public const int ClientKind = 3;

    public const int ErrorStatus = 2;

    public string? Attribute(string name) => Attributes.GetValueOrDefault(name);

    public bool IsRedisCommand => Attributes.TryGetValue("db.system", out var system) && system == "redis"
        || Attributes.TryGetValue("db.system.name", out var systemName) && systemName == "redis";

    public override string ToString() => $"{Service}: {Name} (kind {Kind}, span {SpanId}, parent {ParentSpanId})";
}

/// <summary>
/// Reads what the Aspire dashboard received from the services over OTLP, through its telemetry API
/// (<c>/api/telemetry/...</c>, OTLP JSON, header <c>X-API-Key</c>): exactly what a user of the dashboard sees.
/// </summary>
public sealed class DashboardTelemetry(HttpClient http) : IDisposable
{
    private const int Limit = 10000;

    public static async Task<DashboardTelemetry> ConnectAsync(RunningSystem system, CancellationToken cancellationToken)
    {
        var url = await system.App.GetDashboardUrlAsync(cancellationToken)
            ?? throw new InvalidOperationException("The dashboard is not enabled.");
        var http = new HttpClient { BaseAddress = new Uri(url.GetLeftPart(UriPartial.Authority)), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-API-Key", system.DashboardApiKey);
        return new DashboardTelemetry(http);
    }

    /// <summary>A W3C <c>traceparent</c> for a request the test sends, so it knows which trace to read back.</summary>
    public static (string TraceParent, string TraceId, string SpanId) NewTraceParent()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var spanId = ActivitySpanId.CreateRandom().ToHexString();
        return ($"00-{traceId}-{spanId}-01", traceId, spanId);
    }

    public async Task<IReadOnlyList<ExportedSpan>> GetSpansAsync(string traceId, CancellationToken cancellationToken) =>
        ReadSpans(await GetJsonAsync($"/api/telemetry/spans?traceId={traceId}&limit={Limit}", cancellationToken));

    /// <summary>
    /// Polls until <paramref name="isComplete"/> holds for the trace's spans (they arrive in separate batches from
    /// each service), or fails with what had arrived.
    /// </summary>
    public Task<IReadOnlyList<ExportedSpan>> WaitForSpansAsync(
        string traceId, Func<IReadOnlyList<ExportedSpan>, bool> isComplete, TimeSpan timeout, CancellationToken cancellationToken) =>
        Eventually.ReadAsync(token => GetSpansAsync(traceId, token), isComplete, timeout,
            spans => $"trace {traceId} has:\n{string.Join('\n', spans)}", cancellationToken);

    /// <summary>Log records of one trace, each as its attributes plus <c>body</c>.</summary>
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> GetLogsAsync(string traceId, CancellationToken cancellationToken)
    {
        var json = await GetJsonAsync($"/api/telemetry/logs?traceId={traceId}&limit={Limit}", cancellationToken);
        return [.. Records(json, "resourceLogs", "scopeLogs", "logRecords").Select(record =>
        {
            var attributes = ReadAttributes(record);
            if (record.TryGetProperty("body", out var body))
            {
                attributes["body"] = ValueText(body);
            }

            return (IReadOnlyDictionary<string, string>)attributes;
        })];
    }

    /// <summary>Everything the dashboard holds of one signal (<c>spans</c> or <c>logs</c>), as the API returns it.</summary>
    public async Task<string> GetAllAsTextAsync(string signal, CancellationToken cancellationToken) =>
        (await GetJsonAsync($"/api/telemetry/{signal}?limit={Limit}", cancellationToken)).GetRawText();

    public void Dispose() => http.Dispose();

    private async Task<JsonElement> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    private static List<ExportedSpan> ReadSpans(JsonElement json)
    {
        var spans = new List<ExportedSpan>();
        foreach (var resourceSpans in Array(json.GetProperty("data"), "resourceSpans"))
        {
            var service = ReadAttributes(resourceSpans.GetProperty("resource")).GetValueOrDefault("service.name", "?");
            foreach (var span in Array(resourceSpans, "scopeSpans").SelectMany(scope => Array(scope, "spans")))
            {
                spans.Add(new ExportedSpan(
                    service,
                    span.GetProperty("traceId").GetString()!,
                    span.GetProperty("spanId").GetString()!,
                    span.TryGetProperty("parentSpanId", out var parent) && parent.GetString() is { Length: > 0 } parentId ? parentId : null,
                    span.GetProperty("name").GetString()!,
                    span.TryGetProperty("kind", out var kind) ? kind.GetInt32() : 0,
                    span.TryGetProperty("status", out var status) && status.TryGetProperty("code", out var code) ? code.GetInt32() : 0,
                    ReadAttributes(span)));
            }
        }

        return spans;
    }

    private static IEnumerable<JsonElement> Records(JsonElement json, string resources, string scopes, string records) =>
        Array(json.GetProperty("data"), resources).SelectMany(resource => Array(resource, scopes)).SelectMany(scope => Array(scope, records));

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    private static Dictionary<string, string> ReadAttributes(JsonElement element) =>
        Array(element, "attributes").ToDictionary(
            attribute => attribute.GetProperty("key").GetString()!,
            attribute => attribute.TryGetProperty("value", out var value) ? ValueText(value) : "");

    // OTLP JSON AnyValue: {"stringValue": ...} | {"intValue": ...} | {"boolValue": ...} | ...
    private static string ValueText(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.EnumerateObject().FirstOrDefault() is { Value: var inner } && inner.ValueKind != JsonValueKind.Undefined
            ? inner.ValueKind == JsonValueKind.String ? inner.GetString()! : inner.GetRawText()
            : value.GetRawText();
}
