using System.Text.Json;
using StackExchange.Redis;

namespace FrontApi.Jobs;

/// <summary>
/// Digest jobs in Redis, under FrontApi's key prefix (<c>AspireObo:FrontApi:</c>, the only keys its Redis user may
/// touch): one string per job (JSON), a sorted set of unfinished jobs by the time of their next round, and a short
/// lease per job while a replica runs a round, so exactly one replica runs it and another takes over if it dies.
/// </summary>
public sealed class JobStore(IConnectionMultiplexer redis)
{
    private const string Prefix = "AspireObo:FrontApi:Jobs:";
    private static readonly RedisKey DueKey = Prefix + "Due";

    /// <summary>How long a finished job stays readable by its owner.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private IDatabase Database => redis.GetDatabase();

    public async Task<DigestJob?> GetAsync(Guid id)
    {
        var value = await Database.StringGetAsync(JobKey(id));
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<DigestJob>(value.ToString(), Json);
    }

    /// <summary>Saves the job; an unfinished one is (re)scheduled for its next round, a finished one kept for <see cref="Retention"/>.</summary>
    public async Task SaveAsync(DigestJob job)
    {
        var transaction = Database.CreateTransaction();
        var json = JsonSerializer.Serialize(job, Json);
        _ = job.IsFinished
            ? transaction.StringSetAsync(JobKey(job.Id), json, Retention)
            : transaction.StringSetAsync(JobKey(job.Id), json);
        _ = job.IsFinished
            ? transaction.SortedSetRemoveAsync(DueKey, job.Id.ToString("N"))
            : transaction.SortedSetAddAsync(DueKey, job.Id.ToString("N"), job.NextRunAt.ToUnixTimeMilliseconds());
        await transaction.ExecuteAsync();
    }

    /// <summary>Jobs whose next round is due at <paramref name="now"/>, oldest first.</summary>
    public async Task<IReadOnlyList<Guid>> GetDueAsync(DateTimeOffset now, int max)
    {
        var members = await Database.SortedSetRangeByScoreAsync(DueKey, double.NegativeInfinity, now.ToUnixTimeMilliseconds(), take: max);
        return [.. members.Select(member => Guid.TryParseExact(member.ToString(), "N", out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty)];
    }

    /// <summary>A due entry whose job is gone (expired, deleted): drop it.</summary>
    public Task ForgetAsync(Guid id) => Database.SortedSetRemoveAsync(DueKey, id.ToString("N"));

    public Task<bool> TryLeaseAsync(Guid id, string worker, TimeSpan duration) => Database.LockTakeAsync(LeaseKey(id), worker, duration);

    public Task ReleaseLeaseAsync(Guid id, string worker) => Database.LockReleaseAsync(LeaseKey(id), worker);

    private static RedisKey JobKey(Guid id) => Prefix + id.ToString("N");

    private static RedisKey LeaseKey(Guid id) => Prefix + id.ToString("N") + ":Lease";
}
