using System.Text.Json;
using StackExchange.Redis;

namespace FrontApi.Jobs;

/// <summary>
/// Digest jobs in Redis, under FrontApi's key prefix (<c>AspireObo:FrontApi:</c>, the only keys its Redis user may
/// touch): one string per job (JSON), a sorted set of unfinished jobs by the time of their next round, one sorted set
/// per user of their unfinished jobs (the per-user limit), and a short lease per job while a replica runs a round.
/// <para>
/// Every save of a round is fenced: a transaction that commits only while the saver's lease token is the one in Redis,
/// so a replica whose lease lapsed (a slow round, a pause) cannot overwrite what the lease's next holder saved. A record
/// that cannot be read is moved aside (<see cref="QuarantinePrefix"/>), logged and counted, and the worker goes on.
/// </para>
/// </summary>
public sealed partial class JobStore(IConnectionMultiplexer redis, JobsMetrics metrics, ILogger<JobStore> logger)
{
    private const string Prefix = "AspireObo:FrontApi:Jobs:";
    private const string QuarantinePrefix = Prefix + "Quarantine:";
    private static readonly RedisKey DueKey = Prefix + "Due";

    /// <summary>How long a finished job stays readable by its owner, and a quarantined record for an operator.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    /// <summary>How long a reserved job (its session being started) holds its owner's slot if its request never ends.</summary>
    public static readonly TimeSpan ReservationLifetime = TimeSpan.FromMinutes(2);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private IDatabase Database => redis.GetDatabase();

    /// <returns>The job, or null when there is none — or none that can be read: such a record is quarantined.</returns>
    public async Task<DigestJob?> GetAsync(Guid id)
    {
        var value = await Database.StringGetAsync(JobKey(id));
        if (value.IsNullOrEmpty)
        {
            return null;
        }

        string? problem;
        try
        {
            var job = JsonSerializer.Deserialize<DigestJob>(value.ToString(), Json);
            problem = job is null ? "null" : job.Id != id ? "another job's id" : job.Problem();
            if (problem is null)
            {
                return job;
            }
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or FormatException or ArgumentException or InvalidOperationException)
        {
            problem = exception.GetType().Name;
        }

        await QuarantineAsync(id, value, problem);
        return null;
    }

    /// <summary>
    /// Takes one of the owner's <paramref name="limit"/> places for a new job, before its session is started: the record is
    /// stored, not yet due, and expires with its place after <see cref="ReservationLifetime"/> unless <see cref="ActivateAsync"/>
    /// makes it a job. Places of jobs that ended without a save (their bound passed) are freed first.
    /// </summary>
    /// <returns>False when the owner already has <paramref name="limit"/> unfinished jobs.</returns>
    public async Task<bool> TryReserveAsync(DigestJob job, int limit, DateTimeOffset now)
    {
        var owner = OwnerKey(job);
        await Database.SortedSetRemoveRangeByScoreAsync(owner, double.NegativeInfinity, now.ToUnixTimeMilliseconds(), Exclude.Stop);
        var transaction = Database.CreateTransaction();
        transaction.AddCondition(Condition.SortedSetLengthLessThan(owner, limit));
        transaction.AddCondition(Condition.KeyNotExists(JobKey(job.Id)));
        _ = transaction.StringSetAsync(JobKey(job.Id), Serialize(job), ReservationLifetime);
        _ = transaction.SortedSetAddAsync(owner, Member(job.Id), (now + ReservationLifetime).ToUnixTimeMilliseconds());
        _ = transaction.KeyExpireAsync(owner, Retention + (job.SessionExpiresAt - now ?? TimeSpan.Zero));
        return await transaction.ExecuteAsync();
    }

    /// <summary>A reserved job whose session has started: kept, due, and holding its owner's place until its session's end at most.</summary>
    public async Task ActivateAsync(DigestJob job)
    {
        var transaction = Database.CreateTransaction();
        _ = transaction.StringSetAsync(JobKey(job.Id), Serialize(job));
        _ = transaction.SortedSetAddAsync(DueKey, Member(job.Id), job.NextRunAt.ToUnixTimeMilliseconds());
        _ = transaction.SortedSetAddAsync(OwnerKey(job), Member(job.Id), (job.SessionExpiresAt ?? job.NextRunAt + Retention).ToUnixTimeMilliseconds());
        if (!await transaction.ExecuteAsync())
        {
            throw new InvalidOperationException("The job could not be stored.");
        }
    }

    /// <summary>A reserved job whose session could not be started: gone, its place freed.</summary>
    public async Task AbandonAsync(DigestJob job)
    {
        var transaction = Database.CreateTransaction();
        _ = transaction.KeyDeleteAsync(JobKey(job.Id));
        _ = transaction.SortedSetRemoveAsync(OwnerKey(job), Member(job.Id));
        _ = transaction.SortedSetRemoveAsync(DueKey, Member(job.Id));
        await transaction.ExecuteAsync();
    }

    /// <summary>
    /// Saves a round's outcome if <paramref name="lease"/> is still this job's lease: an unfinished job is rescheduled for its
    /// next round; a finished one is kept for <see cref="Retention"/> and frees its owner's place.
    /// </summary>
    /// <returns>False when the lease was lost: nothing was written.</returns>
    public async Task<bool> SaveAsync(DigestJob job, JobLease lease)
    {
        var transaction = Database.CreateTransaction();
        transaction.AddCondition(Condition.StringEqual(LeaseKey(job.Id), lease.Token));
        var json = Serialize(job);
        if (job.IsFinished)
        {
            _ = transaction.StringSetAsync(JobKey(job.Id), json, Retention);
            _ = transaction.SortedSetRemoveAsync(DueKey, Member(job.Id));
            _ = transaction.SortedSetRemoveAsync(OwnerKey(job), Member(job.Id));
        }
        else
        {
            _ = transaction.StringSetAsync(JobKey(job.Id), json);
            _ = transaction.SortedSetAddAsync(DueKey, Member(job.Id), job.NextRunAt.ToUnixTimeMilliseconds());
        }

        return await transaction.ExecuteAsync();
    }

    /// <summary>Jobs whose next round is due at <paramref name="now"/>, oldest first. Entries that name no job are dropped.</summary>
    public async Task<IReadOnlyList<Guid>> GetDueAsync(DateTimeOffset now, int max)
    {
        var members = await Database.SortedSetRangeByScoreAsync(DueKey, double.NegativeInfinity, now.ToUnixTimeMilliseconds(), take: max);
        var due = new List<Guid>(members.Length);
        foreach (var member in members)
        {
            if (Guid.TryParseExact(member.ToString(), "N", out var id))
            {
                due.Add(id);
            }
            else
            {
                await Database.SortedSetRemoveAsync(DueKey, member); // would stay at the head of the queue for ever
            }
        }

        return due;
    }

    /// <summary>A due entry whose job is gone (expired, deleted, quarantined): drop it.</summary>
    public Task ForgetAsync(Guid id) => Database.SortedSetRemoveAsync(DueKey, Member(id));

    /// <summary>
    /// Takes the job's lease for <paramref name="duration"/> if no replica holds it, and moves the job's place in the due
    /// queue past the lease: other replicas do not see it again unless the lease lapses (this replica died).
    /// </summary>
    public async Task<JobLease?> TryLeaseAsync(Guid id, string worker, TimeSpan duration, DateTimeOffset now)
    {
        var lease = new JobLease(id, $"{worker}:{Guid.NewGuid():N}");
        var transaction = Database.CreateTransaction();
        transaction.AddCondition(Condition.KeyNotExists(LeaseKey(id)));
        _ = transaction.StringSetAsync(LeaseKey(id), lease.Token, duration);
        _ = transaction.SortedSetAddAsync(DueKey, Member(id), (now + duration).ToUnixTimeMilliseconds(), SortedSetWhen.Exists);
        return await transaction.ExecuteAsync() ? lease : null;
    }

    /// <summary>Extends the lease by <paramref name="duration"/> from now, if it is still held.</summary>
    /// <returns>False when it was lost.</returns>
    public async Task<bool> RenewAsync(JobLease lease, TimeSpan duration, DateTimeOffset now)
    {
        var transaction = Database.CreateTransaction();
        transaction.AddCondition(Condition.StringEqual(LeaseKey(lease.JobId), lease.Token));
        _ = transaction.KeyExpireAsync(LeaseKey(lease.JobId), duration);
        _ = transaction.SortedSetAddAsync(DueKey, Member(lease.JobId), (now + duration).ToUnixTimeMilliseconds(), SortedSetWhen.Exists);
        return await transaction.ExecuteAsync();
    }

    /// <summary>Gives the lease up, if it is still held; <paramref name="dueAgainAt"/>: when the job is due again, when its round was not saved.</summary>
    public async Task ReleaseAsync(JobLease lease, DateTimeOffset? dueAgainAt)
    {
        var transaction = Database.CreateTransaction();
        transaction.AddCondition(Condition.StringEqual(LeaseKey(lease.JobId), lease.Token));
        _ = transaction.KeyDeleteAsync(LeaseKey(lease.JobId));
        if (dueAgainAt is { } due)
        {
            _ = transaction.SortedSetAddAsync(DueKey, Member(lease.JobId), due.ToUnixTimeMilliseconds(), SortedSetWhen.Exists);
        }

        await transaction.ExecuteAsync();
    }

    /// <summary>Moves an unreadable record aside (kept for <see cref="Retention"/>, for an operator) and out of the due queue.</summary>
    private async Task QuarantineAsync(Guid id, RedisValue value, string problem)
    {
        var transaction = Database.CreateTransaction();
        _ = transaction.StringSetAsync(QuarantinePrefix + Member(id), value, Retention);
        _ = transaction.KeyDeleteAsync(JobKey(id));
        _ = transaction.SortedSetRemoveAsync(DueKey, Member(id));
        await transaction.ExecuteAsync();
        metrics.Quarantined();
        LogQuarantined(id, problem, QuarantinePrefix + Member(id));
    }

    private static string Serialize(DigestJob job) => JsonSerializer.Serialize(job, Json);

    private static string Member(Guid id) => id.ToString("N");

    private static RedisKey JobKey(Guid id) => Prefix + Member(id);

    private static RedisKey LeaseKey(Guid id) => Prefix + Member(id) + ":Lease";

    /// <summary>The owner's unfinished jobs (identifiers only, as in the record).</summary>
    private static RedisKey OwnerKey(DigestJob job) =>
        $"{Prefix}Owner:{job.OwnerTenantId.ToLowerInvariant()}:{job.OwnerObjectId.ToLowerInvariant()}";

    [LoggerMessage(Level = LogLevel.Error, Message = "Digest job {JobId}: its record in Redis cannot be read ({Problem}); moved to {QuarantineKey} and skipped")]
    private partial void LogQuarantined(Guid jobId, string problem, string quarantineKey);
}
