using ServiceDefaults.Telemetry;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using FrontApi.Failures;
using Microsoft.Identity.Abstractions;
using Microsoft.Identity.Client;
using Microsoft.Identity.Web;

namespace FrontApi.Hardening;

/// <summary>
/// Makes token acquisition visible, since neither MSAL nor Microsoft.Identity.Web emits spans: one span per token
/// asked for a downstream call (source <see cref="AspireOboTelemetry.TokenAcquisition"/>), counted and timed on the
/// meter of the same name. It records where the token came from and, on failure, the error codes — never a token,
/// an assertion or an error description (which could echo request content).
/// </summary>
public sealed partial class TokenAcquisitionTelemetry : IDisposable
{
    public const string AcquisitionsInstrument = "aspireobo.token.acquisitions";
    public const string DurationInstrument = "aspireobo.token.acquisition.duration";

    /// <summary>Attribute names on the span and the metrics (documented in the README).</summary>
    public static class Attributes
    {
        public const string DownstreamApi = "aspireobo.downstream_api";
        public const string Scopes = "aspireobo.token.scopes";
        public const string Source = "aspireobo.token.source";
        public const string Result = "aspireobo.token.result";
        public const string CacheRefreshReason = "aspireobo.token.cache_refresh_reason";
        public const string CorrelationId = "aspireobo.token.correlation_id";
        public const string LongRunning = "aspireobo.token.long_running";
        public const string ErrorCode = "aspireobo.token.error_code";
        public const string StsErrorCode = "aspireobo.token.sts_error_code";
        public const string ErrorType = "error.type";
    }

    /// <summary>Values of <see cref="Attributes.Source"/>.</summary>
    public static class Sources
    {
        public const string L1Cache = "l1_cache";
        public const string L2Cache = "l2_cache";
        public const string Cache = "cache";
        public const string IdentityProvider = "identity_provider";
        public const string Broker = "broker";
    }

    // From sub-millisecond L1 hits to multi-second token-endpoint calls.
    private static readonly double[] DurationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly ActivitySource ActivitySource = new(AspireOboTelemetry.TokenAcquisition);

    private readonly Meter _meter;
    private readonly Counter<long> _acquisitions;
    private readonly Histogram<double> _duration;

    public TokenAcquisitionTelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(AspireOboTelemetry.TokenAcquisition);
        _acquisitions = _meter.CreateCounter<long>(AcquisitionsInstrument, "{acquisition}",
            "Tokens acquired for downstream APIs, by source (L1 cache, L2 cache, identity provider) and result.");
        _duration = _meter.CreateHistogram(DurationInstrument, "s", "Time to acquire a token for a downstream API.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    /// <summary>Starts the span of one acquisition; dispose the result when the acquisition is over.</summary>
    public Acquisition Start(string downstreamApi, IReadOnlyCollection<string> scopes)
    {
        var activity = ActivitySource.StartActivity($"acquire token {downstreamApi}", ActivityKind.Internal);
        activity?.SetTag(Attributes.DownstreamApi, downstreamApi);
        activity?.SetTag(Attributes.Scopes, string.Join(' ', scopes));
        return new Acquisition(this, activity, downstreamApi);
    }

    public void Dispose() => _meter.Dispose();

    internal static string SourceOf(TokenAcquisitionMetadata? metadata) => metadata?.TokenSource switch
    {
        AcquiredTokenSource.Cache => metadata.CacheLevel switch
        {
            AcquiredTokenCacheLevel.L1Cache => Sources.L1Cache,
            AcquiredTokenCacheLevel.L2Cache => Sources.L2Cache,
            _ => Sources.Cache,
        },
        AcquiredTokenSource.Broker => Sources.Broker,
        _ => Sources.IdentityProvider,
    };

    /// <summary>The OAuth error code, the AADSTS code if the authority gave one, and a value for <c>error.type</c>.</summary>
    internal static (string ErrorType, string? ErrorCode, string? StsErrorCode, Guid? CorrelationId) Describe(Exception exception) => exception switch
    {
        MicrosoftIdentityWebChallengeUserException { MsalUiRequiredException: { } inner } => Describe(inner),
        MsalServiceException service => (service.ErrorCode, service.ErrorCode, StsErrorCodes.Of(service), ParseGuid(service.CorrelationId)),
        MsalException msal => (msal.ErrorCode, msal.ErrorCode, null, null),
        _ => (exception.GetType().FullName ?? exception.GetType().Name, null, null, null),
    };

    private static Guid? ParseGuid(string? value) => Guid.TryParse(value, out var guid) ? guid : null;

    /// <summary>One acquisition in flight: its span and stopwatch.</summary>
    public sealed class Acquisition(TokenAcquisitionTelemetry telemetry, Activity? activity, string downstreamApi) : IDisposable
    {
        private readonly long _started = Stopwatch.GetTimestamp();

        public string? Source { get; private set; }

        /// <summary>What Identity.Web returned: where MSAL found the token, and why it refreshed it if it did.</summary>
        public void Succeeded(TokenAcquisitionMetadata? metadata)
        {
            activity?.SetTag(Attributes.CacheRefreshReason, metadata?.CacheRefreshReason.ToString());
            Succeeded(SourceOf(metadata));
        }

        /// <summary>The acquisition is a long-running session's (a job), not a request's exchange.</summary>
        public void LongRunning() => activity?.SetTag(Attributes.LongRunning, true);

        /// <summary>A token served without asking Identity.Web (<see cref="HeaderMemo"/>): <paramref name="source"/> is <see cref="Sources.L1Cache"/>.</summary>
        public void Succeeded(string source)
        {
            Source = source;
            activity?.SetTag(Attributes.Source, Source);
            Record(new TagList
            {
                { Attributes.DownstreamApi, downstreamApi },
                { Attributes.Source, Source },
                { Attributes.Result, "success" },
            });
        }

        public void Failed(Exception exception)
        {
            var (errorType, errorCode, stsErrorCode, correlationId) = Describe(exception);
            activity?.SetTag(Attributes.ErrorType, errorType);
            activity?.SetTag(Attributes.ErrorCode, errorCode);
            activity?.SetTag(Attributes.StsErrorCode, stsErrorCode);
            activity?.SetTag(Attributes.CorrelationId, correlationId?.ToString());
            activity?.SetStatus(ActivityStatusCode.Error, stsErrorCode is null ? errorType : $"{errorType} {stsErrorCode}");
            Record(new TagList
            {
                { Attributes.DownstreamApi, downstreamApi },
                { Attributes.Result, "failure" },
                { Attributes.ErrorType, errorType },
            });
        }

        public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

        public void Dispose() => activity?.Dispose();

        private void Record(in TagList tags)
        {
            telemetry._acquisitions.Add(1, tags);
            telemetry._duration.Record(Elapsed.TotalSeconds, tags);
        }
    }
}
