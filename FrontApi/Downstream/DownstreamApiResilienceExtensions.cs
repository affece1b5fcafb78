using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace FrontApi.Downstream;

public static class DownstreamApiResilienceExtensions
{
    /// <summary>
    /// Replaces ServiceDefaults' standard resilience handler on the DownstreamApi client with the same strategies,
    /// tuned for a caller that is itself waited on:
    /// <list type="bullet">
    /// <item>bounded: <see cref="AttemptTimeout"/> (4 s) per attempt, <see cref="DownstreamApiOptions.Timeout"/> (15 s) in all, retries included
    /// (a stopped DownstreamApi keeps its port open and never answers);</item>
    /// <item>one retry of a fast failure (connection refused, 502/504), for GET only (POST/PUT/DELETE are never replayed blindly), and not of a 503: DownstreamApi
    /// said it is unavailable, so that is passed on to our caller with its Retry-After instead of piling on;</item>
    /// <item>a circuit breaker that opens after 10 calls in 30 s with half of them failing, for 5 s: meanwhile calls
    /// fail at once (503) instead of each waiting for a timeout.</item>
    /// </list>
    /// </summary>
    /// <summary>One attempt at DownstreamApi; a second (GET only) still fits in the total.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(4);

    public static IHttpClientBuilder AddDownstreamApiResilience(this IHttpClientBuilder http)
    {
        // Aspire's documented way to give one client its own pipeline instead of the defaults' (experimental API).
#pragma warning disable EXTEXP0001
        http.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        http.AddStandardResilienceHandler().Configure((options, services) =>
        {
            var totalTimeout = services.GetRequiredService<IOptions<DownstreamApiOptions>>().Value.Timeout;
            options.TotalRequestTimeout.Timeout = totalTimeout;
            options.AttemptTimeout.Timeout = totalTimeout < AttemptTimeout ? totalTimeout : AttemptTimeout;

            options.Retry.MaxRetryAttempts = 1;
            options.Retry.Delay = TimeSpan.FromMilliseconds(200);
            options.Retry.ShouldRetryAfterHeader = false;
            options.Retry.ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Result?.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable
                && HttpClientResiliencePredicates.IsTransient(args.Outcome));
            options.Retry.DisableForUnsafeHttpMethods();

            options.CircuitBreaker.MinimumThroughput = 10;
            options.CircuitBreaker.FailureRatio = 0.5;
            options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(30);
            options.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(5);
        });

        return http;
    }
}
