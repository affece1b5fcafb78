using FrontApi.Downstream;
using FrontApi.Failures;
using FrontApi.Model;
using FrontApi.TokenCache;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Microsoft.Identity.Web.TokenCacheProviders;
using System.Diagnostics;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace FrontApi.Jobs;

/// <summary>
/// Runs one round of a digest job under its lease: DownstreamApi's todos, read with a token of the job's long-running OBO
/// session, summed up. What can go wrong decides the job's fate, in the terms every request uses
/// (<see cref="FailureClassifier"/>): the identity platform refused the session (revoked, expired) or the session is gone →
/// <see cref="JobStatus.SignInRequired"/>; a temporary failure (Redis, the token cache, the identity platform or
/// DownstreamApi unavailable) → the round again later, waiting what the failing service asked, until the round's deadline;
/// anything else, or the deadline passed → <see cref="JobStatus.Failed"/>, with the reason.
/// </summary>
public sealed partial class DigestJobRunner(
    JobStore store,
    IServiceProvider services,
    DownstreamApiClient downstream,
    RedisTokenCacheStore tokenCacheStore,
    JobWorkerIdentity worker,
    IOptions<DigestJobOptions> options,
    TimeProvider time,
    ILogger<DigestJobRunner> logger)
{
    /// <summary>
    /// The longest one attempt may take: the long-running token call has no bound of its own, DownstreamApi's is 15 s per
    /// call and a refused token repeats both. The lease is renewed meanwhile (<see cref="DigestJobWorker"/>).
    /// </summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(45);

    /// <summary>The shortest wait between attempts, doubling from 2 s up to this, unless the failing service asks for longer.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>Runs the job's due round and saves it, fenced by <paramref name="lease"/>.</summary>
    /// <returns>When the job is due again if nothing was saved (the round was not due after all), else null.</returns>
    public async Task<DateTimeOffset?> RunDueRoundAsync(JobLease lease, CancellationToken cancellationToken)
    {
        var job = await store.GetAsync(lease.JobId);
        if (job is null || job.IsFinished)
        {
            await store.ForgetAsync(lease.JobId);
            return null;
        }

        var now = time.GetUtcNow();
        if (job.NextRunAt > now)
        {
            return job.NextRunAt; // another replica ran this round meanwhile
        }

        job.RoundDeadline ??= job.NextRunAt + options.Value.RoundDeadline;
        using var activity = JobsTelemetry.StartRound(job);
        if (job.SessionExpiresAt is { } sessionEnd && now >= sessionEnd)
        {
            Finish(job, JobStatus.Failed, "The job could not run its rounds before its sign-in session ended. Start a new digest.", "session_ended");
            LogFailed(job.Id, "SessionEnded", null);
        }
        else
        {
            await RunAttemptAsync(job, cancellationToken);
        }

        job.UpdatedAt = time.GetUtcNow();
        activity?.SetTag(JobsTelemetry.Attributes.Status, job.Status.ToString());
        if (job.Status is JobStatus.SignInRequired or JobStatus.Failed)
        {
            activity?.SetStatus(ActivityStatusCode.Error, job.Status.ToString());
        }

        if (!await store.SaveAsync(job, lease))
        {
            // Another replica holds the job now and may have saved its own outcome: this one must not replace it.
            LogLeaseLost(job.Id);
            return null;
        }

        if (job.IsFinished)
        {
            await EndSessionAsync(job);
        }

        return null;
    }

    private async Task RunAttemptAsync(DigestJob job, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(AttemptTimeout);
        try
        {
            RecordDigest(job, await ListTodosAsync(job, attempt.Token));
        }
        catch (OperationCanceledException) when (attempt.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Decide(job, new Failure(FailureKind.TimedOut, "Timeout", "The identity platform or DownstreamApi did not answer in time.") { Code = "attempt_timed_out" }, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Decide(job, FailureClassifier.Classify(exception, DownstreamApiOptions.ApiName), exception);
        }
    }

    /// <summary>
    /// DownstreamApi's client as in a request, except that its tokens come from the job's long-running session, and each
    /// round redeems the session's refresh token: a revoked session ends the job within one round.
    /// <para>
    /// MSAL's "not in the cache" (<c>OboCacheKeyNotInCacheError</c>) is believed only once Redis confirms it. MSAL looks
    /// the session up in its in-memory cache after the token cache has loaded it, outside its cache lock, and a token-endpoint
    /// answer for another user written at that moment leaves only its own partition there (ResidentPartitionTokenCache,
    /// and Identity.Web's adapter alike): the session is intact, and asked again it loads. Twice absent while Redis holds
    /// it: a temporary failure, retried later, never "sign in again".
    /// </para>
    /// </summary>
    private async Task<IReadOnlyList<TodoItem>> ListTodosAsync(DigestJob job, CancellationToken cancellationToken)
    {
        var session = downstream.ForSession(job.SessionKey, renewEachCall: true);
        try
        {
            return await session.ListTodosAsync(cancellationToken);
        }
        catch (MsalClientException notInCache) when (notInCache.ErrorCode == MsalError.OboCacheKeyNotInCacheError)
        {
            if (!await tokenCacheStore.HoldsAsync(job.SessionKey, cancellationToken))
            {
                throw; // truly gone: only a new sign-in starts another session
            }

            LogSessionNotLoaded(job.Id);
        }

        try
        {
            return await session.ListTodosAsync(cancellationToken);
        }
        catch (MsalClientException again) when (again.ErrorCode == MsalError.OboCacheKeyNotInCacheError)
        {
            throw new TokenCacheUnavailableException(unreadable: false, "The long-running session is in Redis, but MSAL did not find it.", again);
        }
    }

    /// <summary>
    /// A finished job's long-running session holds the user's refresh token in the token cache: removed from both cache
    /// levels now, rather than left in Redis until the expiry its key states. A Redis failure here is logged by
    /// Identity.Web's adapter, as for any token-cache write; the expiry then ends it.
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
        job.Error = null;
        if (job.Digests.Count >= job.Rounds)
        {
            job.Status = JobStatus.Succeeded;
            job.RoundDeadline = null;
        }
        else
        {
            job.Status = JobStatus.Running;
            job.NextRunAt = now + job.Interval;
            job.RoundDeadline = job.NextRunAt + options.Value.RoundDeadline;
        }

        LogRoundDone(job.Id, job.Digests.Count, job.Rounds);
    }

    /// <summary>
    /// What a failed round means for the job: the user must act → <see cref="JobStatus.SignInRequired"/>; waiting helps →
    /// the round again after what the failing service asked (<see cref="Failure.RetryAfter"/>) or the back-off, whichever is
    /// longer, until the round's deadline; anything else (this service's configuration, a bug) → <see cref="JobStatus.Failed"/>.
    /// </summary>
    private void Decide(DigestJob job, Failure? failure, Exception? exception)
    {
        var now = time.GetUtcNow();
        // The identity platform's own code where it gave one (AADSTS…): the most precise for support.
        var code = exception is not null && StsErrorCodes.Of(exception) is { } sts ? sts : failure?.Code;
        if (failure?.Kind is FailureKind.UserActionRequired or FailureKind.CallersTokenRefused)
        {
            Finish(job, JobStatus.SignInRequired,
                "Your sign-in that started this job has expired or was revoked, so the job can no longer act for you. " +
                "Sign in again and start a new digest.", code);
            LogSignInRequired(job.Id, code);
        }
        else if (failure is { IsTemporary: true } && job.RoundDeadline is { } deadline && now < deadline)
        {
            job.FailedAttempts++;
            var backoff = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(job.FailedAttempts, 10))));
            var wait = failure.RetryAfter is { } retryAfter && retryAfter > backoff ? retryAfter : backoff;
            job.NextRunAt = now + wait < deadline ? now + wait : deadline; // one last attempt at the deadline
            job.Detail = $"{failure.Detail} The job retries at {job.NextRunAt:u}, until {deadline:u}.";
            job.Error = code;
            LogRetrying(job.Id, failure.Code, job.FailedAttempts, (int)wait.TotalSeconds);
        }
        else if (failure is { IsTemporary: true })
        {
            Finish(job, JobStatus.Failed,
                $"Round {job.Digests.Count + 1} could not be done by its deadline ({job.RoundDeadline:u}): {failure.Detail} Start a new digest to try again.", code);
            LogDeadlinePassed(job.Id, failure.Code, job.FailedAttempts + 1);
        }
        else
        {
            Finish(job, JobStatus.Failed, "The job failed and was stopped. Start a new digest to try again.", code ?? "internal_error");
            LogFailed(job.Id, exception?.GetType().Name ?? "none", failure?.Code);
        }
    }

    private static void Finish(DigestJob job, JobStatus status, string detail, string? error)
    {
        job.Status = status;
        job.Detail = detail;
        job.Error = error;
        job.RoundDeadline = null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Digest job {JobId}: round {Round} of {Rounds} done")]
    private partial void LogRoundDone(Guid jobId, int round, int rounds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Digest job {JobId}: MSAL did not find the session that Redis holds (another user's token was written during its lookup); asking again")]
    private partial void LogSessionNotLoaded(Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Digest job {JobId} needs the user to sign in again ({ErrorCode}); stopped")]
    private partial void LogSignInRequired(Guid jobId, string? errorCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Digest job {JobId}: temporary failure {ErrorCode}, attempt {Attempt}; retrying in {Seconds} s")]
    private partial void LogRetrying(Guid jobId, string errorCode, int attempt, int seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Digest job {JobId}: temporary failure {ErrorCode} past the round's deadline, after {Attempts} attempts; failed")]
    private partial void LogDeadlinePassed(Guid jobId, string errorCode, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Digest job {JobId} failed: {ExceptionType} {ErrorCode}")]
    private partial void LogFailed(Guid jobId, string exceptionType, string? errorCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Digest job {JobId}: this replica lost the job's lease during the round; its outcome was not saved")]
    private partial void LogLeaseLost(Guid jobId);
}
