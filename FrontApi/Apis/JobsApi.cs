using FrontApi.Downstream;
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
/// (404, as for a job that does not exist).
/// </summary>
public static class JobsApi
{
    private const int DefaultRounds = 3;
    private const int DefaultIntervalSeconds = 60;

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

    private static async Task<Accepted<JobView>> StartDigest(
        StartDigestRequest request,
        HttpContext httpContext,
        JobStore store,
        DownstreamApiClient downstream,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        // The long-running session starts here, inside the request, while the user's token is valid: one OBO exchange
        // whose tokens (refresh token included) MSAL caches under this key for the job.
        var sessionKey = $"digest-{Guid.NewGuid():N}";
        await downstream.ForSession(sessionKey).StartSessionAsync(cancellationToken);

        var now = time.GetUtcNow();
        var job = new DigestJob
        {
            Id = Guid.NewGuid(),
            OwnerTenantId = httpContext.User.GetTenantId()!,
            OwnerObjectId = httpContext.User.GetObjectId()!,
            SessionKey = sessionKey,
            Rounds = request.Rounds ?? DefaultRounds,
            Interval = TimeSpan.FromSeconds(request.IntervalSeconds ?? DefaultIntervalSeconds),
            StartedBy = JobsTelemetry.CurrentTraceParent(),
            CreatedAt = now,
            UpdatedAt = now,
            NextRunAt = now,
        };
        await store.SaveAsync(job);

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
        job.Id, "todo-digest", job.Status, job.Rounds, (int)job.Interval.TotalSeconds, job.Digests, job.Detail,
        job.CreatedAt, job.UpdatedAt, job.IsFinished ? null : job.NextRunAt);
}
