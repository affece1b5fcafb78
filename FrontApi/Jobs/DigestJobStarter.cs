using FrontApi.Downstream;
using FrontApi.Failures;
using FrontApi.Hardening;
using FrontApi.TokenCache;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web.TokenCacheProviders;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace FrontApi.Jobs;

/// <summary>
/// Starts a digest job inside the user's request, in an order that leaves nothing behind: first the job takes one of its
/// owner's places (<see cref="DigestJobOptions.MaxActiveJobsPerUser"/>, so no exchange is made past the limit), then the
/// long-running session is started (one On-Behalf-Of exchange, whose tokens MSAL caches under the session's key), then the
/// job becomes due. If the exchange fails, times out or the client hangs up, the place and the session are given back at
/// once; if even that fails, both end by themselves (the reservation's lifetime, the expiry the session's key states).
/// </summary>
public sealed partial class DigestJobStarter(
    JobStore store,
    DownstreamApiClient downstream,
    IServiceProvider services,
    IOptions<DigestJobOptions> options,
    TimeProvider time,
    ILogger<DigestJobStarter> logger)
{
    /// <summary>After its last round could have ended, the session lives this much longer (a late worker, clock skew).</summary>
    private static readonly TimeSpan SessionMargin = TimeSpan.FromHours(1);

    /// <returns>The started job, or null when its owner has <see cref="DigestJobOptions.MaxActiveJobsPerUser"/> unfinished jobs already.</returns>
    public async Task<DigestJob?> StartAsync(string tenantId, string objectId, int rounds, TimeSpan interval, string? startedBy, CancellationToken requestAborted)
    {
        var now = time.GetUtcNow();
        var limits = options.Value;
        // Each round may take its deadline before the next interval starts; the session ends after the last could have.
        var sessionExpiresAt = now + (interval + limits.RoundDeadline) * rounds + SessionMargin;
        var job = new DigestJob
        {
            Id = Guid.NewGuid(),
            OwnerTenantId = tenantId,
            OwnerObjectId = objectId,
            SessionKey = LongRunningSessionKey.New(sessionExpiresAt),
            SessionExpiresAt = sessionExpiresAt,
            Rounds = rounds,
            Interval = interval,
            StartedBy = startedBy,
            CreatedAt = now,
            UpdatedAt = now,
            NextRunAt = now,
            RoundDeadline = now + limits.RoundDeadline,
        };

        if (!await store.TryReserveAsync(job, limits.MaxActiveJobsPerUser, now))
        {
            LogLimitReached(limits.MaxActiveJobsPerUser);
            return null;
        }

        try
        {
            // The long-running session starts here, while the user's token is valid. Bounded as a request's token is, and
            // ended with the request if the client goes away.
            using var exchange = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
            exchange.CancelAfter(HardenedAuthorizationHeaderProvider.MaxWait);
            try
            {
                await downstream.ForSession(job.SessionKey).StartSessionAsync(exchange.Token);
            }
            catch (OperationCanceledException exception) when (exchange.IsCancellationRequested && !requestAborted.IsCancellationRequested)
            {
                throw new IdentityPlatformException(IdentityPlatformFailure.TimedOut, "The identity platform did not answer in time.", exception);
            }

            requestAborted.ThrowIfCancellationRequested(); // nobody would learn the job's id
            await store.ActivateAsync(job);
            return job;
        }
        catch
        {
            await GiveBackAsync(job);
            throw;
        }
    }

    /// <summary>The place and the session of a job that did not start; a failure here leaves both to expire by themselves.</summary>
    private async Task GiveBackAsync(DigestJob job)
    {
        try
        {
            await services.GetRequiredService<IMsalTokenCacheProvider>().ClearAsync(job.SessionKey);
            await store.AbandonAsync(job);
        }
        catch (Exception exception)
        {
            LogGiveBackFailed(job.Id, exception.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Digest job refused: the user has {Limit} unfinished jobs already")]
    private partial void LogLimitReached(int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Digest job {JobId} did not start and could not be removed at once ({ExceptionType}); its reservation and session expire by themselves")]
    private partial void LogGiveBackFailed(Guid jobId, string exceptionType);
}
