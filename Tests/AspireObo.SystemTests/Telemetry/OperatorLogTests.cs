using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AspireObo.SystemTests.Security;

namespace AspireObo.SystemTests.Telemetry;

/// <summary>
/// What an operator reads in the dashboard's structured logs (README "Logging"): a clean start and good calls log no
/// Warning or Error from any resource, and a client's bad tokens are logged once each, at Warning, by the project's own
/// rejection logging with the IDX code — never at Error. A system of its own, so no other test's faults show up here.
/// </summary>
public sealed class OperatorLogTests(OperatorLogTests.CleanSystem clean) : IClassFixture<OperatorLogTests.CleanSystem>
{
    private const int WarningSeverity = 13; // OTLP SeverityNumber: WARN = 13..16, ERROR = 17..20, FATAL = 21..24
    private const int ErrorSeverity = 17;
    private const string RejectionCategory = "Microsoft.Extensions.Hosting.TokenRejectionLogging";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public void A_clean_start_and_good_calls_log_no_warning_or_error()
    {
        var noisy = clean.LogsAfterStart.Where(record => record.Severity >= WarningSeverity).ToList();
        Assert.True(noisy.Count == 0, "Warnings or errors after a clean start:\n" + string.Join('\n', noisy));
    }

    [Fact]
    public async Task Bad_tokens_are_logged_once_at_warning_with_their_code_and_never_as_an_error()
    {
        var system = clean.System;
        var alice = await system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        using var forge = new TokenForge(system.EmulatorSigningKeyPath, alice);
        string[][] badAuthorizations =
        [
            ["Bearer garbage"],
            [$"Bearer {alice.Value}", $"Bearer {alice.Value}"],
            [$"Bearer {forge.WithBrokenSignature(alice).Value}"],
        ];

        var traces = new List<string>();
        foreach (var api in new[] { "front", "downstream" })
        {
            foreach (var authorization in badAuthorizations)
            {
                var (traceParent, traceId, _) = DashboardTelemetry.NewTraceParent();
                using var client = api == "front" ? system.CreateFrontClient() : system.CreateDownstreamClient();
                using var request = new HttpRequestMessage(HttpMethod.Get, api == "front" ? "/api/todos" : "/todos");
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
                request.Headers.Add("traceparent", traceParent);
                using var response = await client.SendAsync(request, Cancellation);
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                traces.Add(traceId);
            }
        }

        // Every refusal's own warning has arrived, then one more export interval for anything logged alongside it.
        await Eventually.ReadAsync(token => clean.ReadLogsAsync(token), logs => traces.All(trace =>
            logs.Any(record => record.TraceId == trace && record.Category == RejectionCategory)), TelemetrySystem.ArrivalTimeout,
            logs => $"{logs.Count} records, not all rejections yet", Cancellation);
        await Task.Delay(CleanSystem.ExportInterval, Cancellation);
        var all = await clean.ReadLogsAsync(Cancellation);

        var errors = all.Where(record => record.Severity >= ErrorSeverity).ToList();
        Assert.True(errors.Count == 0, "Error records after bad tokens:\n" + string.Join('\n', errors));
        foreach (var trace in traces)
        {
            var warning = Assert.Single(all, record => record.TraceId == trace && record.Severity >= WarningSeverity);
            Assert.Equal(RejectionCategory, warning.Category);
            Assert.Matches(@"IDX\d{5}", warning.Body);
        }
    }

    /// <summary>One log record as the dashboard's telemetry API returns it.</summary>
    public sealed record LogRecord(string Service, string Category, int Severity, string? TraceId, string Body)
    {
        public override string ToString() => $"{Service} {Category} [{Severity}] {Body}";
    }

    /// <summary>A system started for these tests only, and the logs it held once its start (and a first good call) was over.</summary>
    public sealed class CleanSystem : IAsyncLifetime
    {
        /// <summary>The services export logs at least this often (Aspire sets OTEL_BLRP_SCHEDULE_DELAY to 1 s).</summary>
        public static readonly TimeSpan ExportInterval = TimeSpan.FromSeconds(3);

        private RunningSystem? _system;

        public RunningSystem System => _system ?? throw new InvalidOperationException("The system is not started.");

        public IReadOnlyList<LogRecord> LogsAfterStart { get; private set; } = [];

        public async ValueTask InitializeAsync()
        {
            var cancellation = TestContext.Current.CancellationToken;
            _system = await RunningSystem.StartAsync(new SystemOptions(), cancellation);

            // A first call through the whole chain: authority metadata, the first On-Behalf-Of exchange, Redis writes.
            var (traceParent, traceId, _) = DashboardTelemetry.NewTraceParent();
            using var client = _system.CreateFrontClient(await _system.Identity.GetUserTokenAsync(DevUser.Alice, cancellation));
            using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/todos") { Content = JsonContent.Create(new { title = "first" }) })
            {
                request.Headers.Add("traceparent", traceParent);
                using var created = await client.SendAsync(request, cancellation);
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }

            using (var listed = await client.GetAsync("/api/todos", cancellation))
            {
                Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
            }

            // FrontApi logs the token acquisition of that call; once it is in, wait one more export interval.
            await Eventually.ReadAsync(ReadLogsAsync, logs => logs.Any(record => record.TraceId == traceId && record.Service == "front"),
                TelemetrySystem.ArrivalTimeout, logs => $"{logs.Count} records, none of trace {traceId}", cancellation);
            await Task.Delay(ExportInterval, cancellation);
            LogsAfterStart = await ReadLogsAsync(cancellation);
        }

        public async ValueTask DisposeAsync()
        {
            if (_system is not null)
            {
                await _system.DisposeAsync();
            }
        }

        public async Task<IReadOnlyList<LogRecord>> ReadLogsAsync(CancellationToken cancellationToken)
        {
            using var dashboard = await DashboardTelemetry.ConnectAsync(System, cancellationToken);
            using var json = JsonDocument.Parse(await dashboard.GetAllAsTextAsync("logs", cancellationToken));
            var records = new List<LogRecord>();
            foreach (var resource in Items(json.RootElement.GetProperty("data"), "resourceLogs"))
            {
                var service = Items(resource.GetProperty("resource"), "attributes")
                    .FirstOrDefault(attribute => attribute.GetProperty("key").GetString() == "service.name")
                    .GetProperty("value").GetProperty("stringValue").GetString() ?? "?";
                foreach (var scope in Items(resource, "scopeLogs"))
                {
                    var category = scope.TryGetProperty("scope", out var scopeInfo) && scopeInfo.TryGetProperty("name", out var name) ? name.GetString() ?? "" : "";
                    foreach (var record in Items(scope, "logRecords"))
                    {
                        records.Add(new LogRecord(
                            service,
                            category,
                            record.TryGetProperty("severityNumber", out var severity) ? severity.GetInt32() : 0,
                            record.TryGetProperty("traceId", out var trace) ? trace.GetString() : null,
                            record.TryGetProperty("body", out var body) && body.TryGetProperty("stringValue", out var text) ? text.GetString() ?? "" : ""));
                    }
                }
            }

            return records;
        }

        private static IEnumerable<JsonElement> Items(JsonElement element, string name) =>
            element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];
    }
}
