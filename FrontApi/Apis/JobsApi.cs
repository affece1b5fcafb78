using FrontApi.Http;
using FrontApi.Jobs;
using FrontApi.Model;
using FrontApi.OnBehalfOf;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Identity.Web;

namespace FrontApi.Apis;

/// <summary>
/// Work on the user's behalf that outlives the request: <c>POST /api/todos/digest</c> starts a digest job (202 with
/// its address) that keeps reading the user's todos from DownstreamApi after the request — and the user's token — are
/// gone, with tokens of a long-running OBO session; <c>GET /api/jobs/{id}</c> shows it to its owner, and to no one else
/// (404, as for a job that does not exist). A user with <see cref="DigestJobOptions.MaxActiveJobsPerUser"/> unfinished jobs
/// gets 429 with Retry-After; Redis away is 503 with Retry-After (FrontApi/Failures), as for every request.
/// </summary>
public static class JobsApi
{
    private const int DefaultRounds = 3;
    private const int DefaultIntervalSeconds = 60;

    /// <summary>When a user at the job limit may try again: a place frees when one of their jobs ends, at an unknown time.</summary>
    private static readonly TimeSpan LimitRetryAfter = TimeSpan.FromSeconds(60);

    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/todos/digest", StartDigest)
            .RequireAuthorization(AuthorizationPolicies.AccessAsUser)
            .WithTags("Jobs")
            .WithSummary("Starts a digest of your todos that runs on your behalf after this request has returned.")
            .WithDescription("202 with the job's address: the job goes On-Behalf-Of you later, from FrontApi's token cache, after this request has ended.");

        app.MapGet("/api/jobs/{id:guid}", GetJob)
            .RequireAuthorization(AuthorizationPolicies.AccessAsUser)
            .WithTags("Jobs")
            .WithSummary("A job you started; 404 for anyone else's.")
            .WithDescription("The job's state and, once done, its result. Someone else's job answers 404, as one that never existed.");

        return app;
    }

    private static async Task<Results<Accepted<JobView>, ProblemHttpResult>> StartDigest(
        StartDigestRequest request,
        HttpContext httpContext,
        DigestJobStarter starter,
        CancellationToken cancellationToken)
    {
        var job = await starter.StartAsync(
            httpContext.User.GetTenantId()!, httpContext.User.GetObjectId()!, // required by AccessAsUser
            request.Rounds ?? DefaultRounds, TimeSpan.FromSeconds(request.IntervalSeconds ?? DefaultIntervalSeconds),
            JobsTelemetry.CurrentTraceParent(), cancellationToken);
        if (job is null)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfter.ToHeaderValue(LimitRetryAfter);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many jobs",
                detail: "You have as many unfinished jobs as one user may have. Wait until one of them ends, then start another.");
        }

        return TypedResults.Accepted($"/api/jobs/{job.Id}", ToView(job));
    }

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> GetJob(Guid id, HttpContext httpContext, JobStore store)
    {
        var job = await store.GetAsync(id);

        // Someone else's job answers exactly as a job that does not exist: its id reveals nothing.
        return job is not null && job.IsOwnedBy(httpContext.User.GetTenantId(), httpContext.User.GetObjectId())
            ? TypedResults.Ok(ToView(job))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"You have no job with id '{id}'.");
    }

    private static JobView ToView(DigestJob job) => new(
        job.Id, "todo-digest", job.Status, job.Rounds, (int)job.Interval.TotalSeconds, job.Digests, job.Detail, job.Error,
        job.CreatedAt, job.UpdatedAt, job.IsFinished ? null : job.NextRunAt, job.IsFinished ? null : job.RoundDeadline);
}
