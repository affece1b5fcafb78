using StackExchange.Redis;

namespace FrontApi.Jobs;

/// <summary>
/// Runs due rounds of digest jobs, on every FrontApi replica: each polls Redis for due jobs and runs a round only under
/// that job's lease, so a round runs once, and when a replica stops (or dies) mid-round another takes the job over
/// once the lease has lapsed.
/// </summary>
public sealed partial class DigestJobWorker(
    JobStore store,
    IServiceScopeFactory scopes,
    JobWorkerIdentity worker,
    TimeProvider time,
    ILogger<DigestJobWorker> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Longer than a round can take (a bounded token request plus a bounded DownstreamApi call).</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var id in await store.GetDueAsync(time.GetUtcNow(), max: 16))
                {
                    await RunUnderLeaseAsync(id, stoppingToken);
                }
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                LogRedisUnavailable(exception.GetType().Name); // jobs wait in Redis; try again at the next poll
            }

            try
            {
                await Task.Delay(PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RunUnderLeaseAsync(Guid id, CancellationToken stoppingToken)
    {
        if (!await store.TryLeaseAsync(id, worker.Id, Lease))
        {
            return; // another replica is on it
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DigestJobRunner>().RunDueRoundAsync(id, stoppingToken);
        }
        finally
        {
            await store.ReleaseLeaseAsync(id, worker.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Digest jobs: Redis unavailable ({ExceptionType}); retrying")]
    private partial void LogRedisUnavailable(string exceptionType);
}
