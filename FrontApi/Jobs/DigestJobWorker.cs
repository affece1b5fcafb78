using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FrontApi.Jobs;

/// <summary>
/// Runs due rounds of digest jobs, on every FrontApi replica: each polls Redis for due jobs and runs a round only under
/// that job's lease, renewed while the round runs, so a round runs once, and when a replica stops (or dies) mid-round
/// another takes the job over once the lease has lapsed. Up to <see cref="DigestJobOptions.MaxConcurrentRounds"/> rounds
/// run at once, so one slow round does not hold the others up.
/// <para>
/// Nothing a job's data or a dependency does ends this service: every round's failure is caught and logged, an
/// unreadable record is quarantined by the store, and a failing Redis is waited out. (An exception leaving
/// <see cref="ExecuteAsync"/> would stop the whole host, .NET's default <c>BackgroundServiceExceptionBehavior.StopHost</c>,
/// and every replica would then stop on the same job.)
/// </para>
/// </summary>
public sealed partial class DigestJobWorker(
    JobStore store,
    IServiceScopeFactory scopes,
    JobWorkerIdentity worker,
    IOptions<DigestJobOptions> options,
    TimeProvider time,
    ILogger<DigestJobWorker> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long a replica holds a job without renewing: another takes it over this long after this one died.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    /// <summary>Renewed this often while a round runs: two renewals may fail (a Redis blip) before the lease lapses.</summary>
    private static readonly TimeSpan RenewEvery = Lease / 4;

    private readonly ConcurrentDictionary<Guid, Task> _running = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var slots = options.Value.MaxConcurrentRounds;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (_running.Count < slots)
                {
                    foreach (var id in await store.GetDueAsync(time.GetUtcNow(), max: slots * 2))
                    {
                        if (_running.Count >= slots)
                        {
                            break;
                        }

                        if (!_running.ContainsKey(id))
                        {
                            // Listed before it runs, so that its own removal when done cannot come first.
                            var listed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                            _running[id] = RunGuardedAsync(id, listed.Task, stoppingToken);
                            listed.SetResult();
                        }
                    }
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogPollFailed(exception.GetType().Name); // jobs wait in Redis; try again at the next poll
            }

            try
            {
                await Task.Delay(PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(_running.Values);
    }

    /// <summary>One round under the job's lease; whatever happens stays here.</summary>
    private async Task RunGuardedAsync(Guid id, Task listed, CancellationToken stoppingToken)
    {
        await listed;
        try
        {
            if (await store.TryLeaseAsync(id, worker.Id, Lease, time.GetUtcNow()) is not { } lease)
            {
                return; // another replica is on it
            }

            await RunUnderLeaseAsync(lease, stoppingToken);
        }
        catch (Exception exception) when (exception is RedisException or RedisTimeoutException && !stoppingToken.IsCancellationRequested)
        {
            LogRoundInterrupted(id, exception.GetType().Name); // Redis away: the job is due again when its lease lapses
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            LogRoundFailed(id, exception.GetType().Name, exception);
        }
        catch (OperationCanceledException)
        {
            // stopping: the lease was released for another replica
        }
        finally
        {
            _running.TryRemove(id, out _);
        }
    }

    private async Task RunUnderLeaseAsync(JobLease lease, CancellationToken stoppingToken)
    {
        using var round = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewal = RenewWhileRunningAsync(lease, round, renewing.Token);
        DateTimeOffset? dueAgainAt = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            dueAgainAt = await scope.ServiceProvider.GetRequiredService<DigestJobRunner>().RunDueRoundAsync(lease, round.Token);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            dueAgainAt = time.GetUtcNow(); // unfinished: due again at once, for another replica
            throw;
        }
        catch (OperationCanceledException) when (round.IsCancellationRequested)
        {
            // the lease was lost (logged): the replica that holds it now runs the round
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
            await store.ReleaseAsync(lease, dueAgainAt);
        }
    }

    /// <summary>Renews the lease until the round ends; when it is lost, the round is cancelled (its save would be refused anyway).</summary>
    private async Task RenewWhileRunningAsync(JobLease lease, CancellationTokenSource round, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await Task.Delay(RenewEvery, time, cancellationToken);
                if (!await store.RenewAsync(lease, Lease, time.GetUtcNow()))
                {
                    LogLeaseLost(lease.JobId);
                    await round.CancelAsync();
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception exception)
            {
                LogRenewFailed(lease.JobId, exception.GetType().Name); // a Redis blip: the next renewal may do
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Digest jobs: could not poll Redis for due jobs ({ExceptionType}); retrying")]
    private partial void LogPollFailed(string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Digest job {JobId}: the round ended with {ExceptionType}; the job is due again when its lease lapses")]
    private partial void LogRoundFailed(Guid jobId, string exceptionType, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Digest job {JobId}: Redis failed during the round ({ExceptionType}); the job is due again when its lease lapses")]
    private partial void LogRoundInterrupted(Guid jobId, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Digest job {JobId}: its lease was taken over during the round; the round is stopped")]
    private partial void LogLeaseLost(Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Digest job {JobId}: could not renew its lease ({ExceptionType}); retrying")]
    private partial void LogRenewFailed(Guid jobId, string exceptionType);
}
