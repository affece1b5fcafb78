using System.Net;

namespace AspireObo.SystemTests.Infrastructure;

public static class ProblemAssert
{
    /// <summary>An RFC 9457 problem with this status; for a 503 also a positive <c>Retry-After</c> (in seconds), returned.</summary>
    public static TimeSpan? IsProblem(HttpResponseMessage response, params HttpStatusCode[] allowed)
    {
        Assert.Contains(response.StatusCode, allowed);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
        {
            return null;
        }

        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter > TimeSpan.Zero, $"A 503 must say when to retry (Retry-After), got '{response.Headers.RetryAfter}'.");
        return retryAfter;
    }
}
