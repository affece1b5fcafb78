using FrontApi.Downstream;
using FrontApi.Failures;
using FrontApi.Model;
using Microsoft.Identity.Client;
using Microsoft.Identity.Web.TokenCacheProviders;
using System.Diagnostics;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace FrontApi.Jobs;

/// <summary>
/// Runs one round of a digest job: DownstreamApi's todos, read with a token of the job's long-running OBO session,
/// summed up. What can go wrong decides the job's fate: the user's sign-in revoked or expired (the refresh token is
/// refused) → <see cref="JobStatus.SignInRequired"/>; a temporary outage → the round is retried later with back-off;
/// anything else, or too many failed attempts → <see cref="JobStatus.Failed"/>.
/// </summary>
public sealed partial class DigestJobRunner(
    JobStore store,
    IServiceProvider services,
    DownstreamApiClient downstream,
    JobWorkerIdentity worker,
    TimeProvider time,
    ILogger<DigestJobRunner> logger)
{
    public const int MaxAttempts = 5;

    public async Task RunDueRoundAsync(Guid id, CancellationToken cancellationToken)
    {
        var job = await store.GetAsync(id);
        if (job is null || job.IsFinished)
        {
            await store.ForgetAsync(id);
            return;
        }

        if (job.NextRunAt > time.GetUtcNow())
        {
            return; // another replica ran this round meanwhile
        }

        using var activity = JobsTelemetry.StartRound(job);
        try
        {
            // DownstreamApi's client as in a request, except that its tokens come from the job's long-running session.
            var todos = await downstream.ForSession(job.SessionKey).ListTodosAsync(cancellationToken);
            RecordDigest(job, todos);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Decide(job, FailureClassifier.Classify(exception, DownstreamApiOptions.ApiName), exception);
        }

        job.UpdatedAt = time.GetUtcNow();
        activity?.SetTag(JobsTelemetry.Attributes.Status, job.Status.ToString());
        if (job.Status is JobStatus.SignInRequired or JobStatus.Failed)
        {
            activity?.SetStatus(ActivityStatusCode.Error, job.Status.ToString());
        }

        await store.SaveAsync(job);
        if (job.IsFinished)
        {
            await EndSessionAsync(job);
        }
    }

    /// <summary>
    /// A finished job's long-running session holds the user's refresh token in the token cache, and MSAL suggests no
    /// expiry for it (there is a refresh token): removed from both cache levels now, rather than left in Redis for good.
    /// A Redis failure here is logged by Identity.Web's adapter, as for any token-cache write.
    /// </summary>
    private Task EndSessionAsync(DigestJob job) =>
        services.GetRequiredService<IMsalTokenCacheProvider>().ClearAsync(job.SessionKey);

    private void RecordDigest(DigestJob job, IReadOnlyList<TodoItem> todos)
    {
        var now = time.GetUtcNow();
        var open = todos.Where(todo => !todo.IsComplete).ToList();
        job.Digests.Add(new TodoDigest(job.Digests.Count + 1, now, todos.Count, open.Count, todos.Count - open.Count,
            open.MinBy(todo => todo.CreatedAt)?.Title, worker.Id));
        job.FailedAttempts = 0;
        job.Detail = null;
        if (job.Digests.Count >= job.Rounds)
        {
            job.Status = JobStatus.Succeeded;
        }
        else
        {
            job.Status = JobStatus.Running;
            job.NextRunAt = now + job.Interval;
        }

        LogRoundDone(job.Id, job.Digests.Count, job.Rounds);
    }

    /// <summary>
    /// What a failed round means for the job, in the terms every request uses (<see cref="FailureClassifier"/>): the user
    /// must act → <see cref="JobStatus.SignInRequired"/>; waiting helps → the round again later, with back-off, at most
    /// <see cref="MaxAttempts"/> times; anything else (this service's configuration, a bug) → <see cref="JobStatus.Failed"/>.
    /// </summary>
    private void Decide(DigestJob job, Failure? failure, Exception exception)
    {
        if (failure?.Kind is FailureKind.UserActionRequired or FailureKind.CallersTokenRefused)
        {
            Finish(job, JobStatus.SignInRequired,
                "Your sign-in that started this job has expired or was revoked, so the job can no longer act for you. " +
                "Sign in again and start a new digest.");
            LogSignInRequired(job.Id, failure.Code);
        }
        else if (failure is { IsTemporary: true } && job.FailedAttempts + 1 < MaxAttempts)
        {
            job.FailedAttempts++;
            job.NextRunAt = time.GetUtcNow() + TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, job.FailedAttempts)));
            job.Detail = "A service this job needs is temporarily unavailable; it will retry.";
            LogRetrying(job.Id, failure.Code, job.FailedAttempts);
        }
        else
        {
            Finish(job, JobStatus.Failed, "The job failed and was stopped. Start a new digest to try again.");
            LogFailed(job.Id, exception.GetType().Name, failure?.Code);
        }
    }

    private static void Finish(DigestJob job, JobStatus status, string detail)
    {
        job.Status = status;
        job.Detail = detail;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Digest job {JobId}: round {Round} of {Rounds} done")]
    private partial void LogRoundDone(Guid jobId, int round, int rounds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Digest job {JobId} needs the user to sign in again ({ErrorCode}); stopped")]
    private partial void LogSignInRequired(Guid jobId, string? errorCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Digest job {JobId}: temporary failure {ErrorCode}, attempt {Attempt}; will retry")]
    private partial void LogRetrying(Guid jobId, string errorCode, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Digest job {JobId} failed: {ExceptionType} {ErrorCode}")]
    private partial void LogFailed(Guid jobId, string exceptionType, string? errorCode);
}
