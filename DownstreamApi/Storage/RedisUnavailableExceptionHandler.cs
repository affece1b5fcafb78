using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using ServiceDefaults.Redis;

namespace DownstreamApi.Storage;

/// <summary>
/// Redis being down, slow or still loading its dataset after a restart is a temporary outage, not a bug: answer 503
/// with Retry-After instead of a 500 (<see cref="RedisTemporaryFailures"/>).
/// </summary>
public sealed partial class RedisUnavailableExceptionHandler(IProblemDetailsService problemDetails, ILogger<RedisUnavailableExceptionHandler> logger) : IExceptionHandler
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!RedisTemporaryFailures.IsTemporary(exception))
        {
            return false;
        }

        LogRedisUnavailable(exception.GetType().Name);

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers[HeaderNames.RetryAfter] = ((int)RetryAfter.TotalSeconds).ToString();
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service Unavailable",
                Detail = "The todo store is temporarily unavailable. Retry later.",
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The todo store (Redis) is unavailable: {ExceptionType}")]
    private partial void LogRedisUnavailable(string exceptionType);
}
