using System.Net.Http.Headers;

namespace FrontApi.Http;

/// <summary>
/// How long to wait after a service asked us to (<c>Retry-After</c> on a 429 or 503): what FrontApi waits itself and
/// passes on to its callers. Kept within sane bounds, since the header comes from another service.
/// </summary>
public static class RetryAfter
{
    /// <summary>When the header is missing or unusable.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(5);

    /// <summary>The longest FrontApi honours or passes on.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(2);

    public static TimeSpan From(RetryConditionHeaderValue? header)
    {
        var retryAfter = header switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => Default,
        };
        return retryAfter < TimeSpan.FromSeconds(1) ? Default : retryAfter > Max ? Max : retryAfter;
    }

    /// <summary>The value of a <c>Retry-After</c> header we send: whole seconds, rounded up.</summary>
    public static string ToHeaderValue(TimeSpan retryAfter) => ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
}
