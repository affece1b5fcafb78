using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Identity.Client;
using StackExchange.Redis;

namespace FrontApi.Tests.Jobs;

/// <summary>
/// A round runs under the job's lease: renewed while it runs, and every save fenced by it, so a replica whose lease
/// lapsed (a round slower than the lease, a pause) cannot overwrite what the replica that took the job over saved —
/// here, a "sign in again" over the other replica's success. The other replica is played through Redis, as it would act.
/// </summary>
public sealed class JobLeaseTests(JobsRedis redis) : JobsTestClass(redis)
{
    [Fact]
    public async Task A_replica_that_lost_the_lease_cannot_overwrite_the_outcome_the_new_holder_saved()
    {
        var logs = new FakeLogCollector();
        using var host = DigestJobsClient.Host(Redis, realTokenAcquisition: false, logging: logging => logging.AddProvider(new FakeLoggerProvider(logs)));
        var roundStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var refuse = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Tokens.Acquire = async (_, _) =>
        {
            if (host.Tokens.Calls == 1)
            {
                return new AuthenticationHeaderValue("Bearer", "downstream-token"); // the job's start
            }

            roundStarted.TrySetResult();
            await refuse.Task; // the round is slow: meanwhile its lease lapses and another replica runs the job
            throw new MsalUiRequiredException("invalid_grant", "AADSTS50173: The provided grant has expired due to it being revoked.");
        };
        using var caller = host.ClientWith(host.UserTokens.For("fenced"));
        var jobId = await DigestJobsClient.StartAsync(caller, rounds: 1, intervalSeconds: 1);
        await roundStarted.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancellation);

        // The other replica: the lease lapsed and it took it, ran the round and saved the job as Succeeded.
        var leaseKey = $"{JobsRedis.JobsPrefix}{jobId:N}:Lease";
        await Redis.Database.StringSetAsync(leaseKey, "other-replica:lease", TimeSpan.FromSeconds(60));
        var record = JsonNode.Parse((await Redis.RecordAsync(jobId)).GetRawText())!;
        record["status"] = "Succeeded";
        record["digests"] = JsonNode.Parse("""[{"round":1,"at":"2026-12-02T12:00:00+00:00","total":0,"open":0,"completed":0,"oldestOpenTitle":null,"worker":"other-replica"}]""");
        await Redis.Database.StringSetAsync($"{JobsRedis.JobsPrefix}{jobId:N}", record.ToJsonString());
        await Redis.Database.SortedSetRemoveAsync($"{JobsRedis.JobsPrefix}Due", jobId.ToString("N"));

        // This replica's round now ends with "sign in again", and tries to save it.
        refuse.SetResult();
        await Infrastructure.Eventually.WaitUntilAsync(() => logs.GetSnapshot().Any(log => log.Message.Contains("lost the job's lease", StringComparison.Ordinal))
            || Redis.Database.StringGet($"{JobsRedis.JobsPrefix}{jobId:N}").ToString().Contains("SignInRequired", StringComparison.Ordinal));

        var view = await DigestJobsClient.ViewAsync(caller, jobId);
        Assert.Equal("Succeeded", view.Status());
        Assert.Equal("other-replica", view.GetProperty("digests")[0].GetProperty("worker").GetString());
        Assert.Equal("other-replica:lease", (await Redis.Database.StringGetAsync(leaseKey)).ToString()); // not released by the loser either
    }

    [Fact]
    public async Task The_lease_is_renewed_while_a_round_runs()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var host = DigestJobsClient.Host(Redis, realTokenAcquisition: false, time);
        var roundStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Tokens.Acquire = async (_, _) =>
        {
            if (host.Tokens.Calls > 1)
            {
                roundStarted.TrySetResult();
                await finish.Task;
            }

            return new AuthenticationHeaderValue("Bearer", "downstream-token");
        };
        using var caller = host.ClientWith(host.UserTokens.For("renewed"));
        var jobId = await DigestJobsClient.StartAsync(caller, rounds: 1, intervalSeconds: 1);
        while (!roundStarted.Task.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1)); // the worker's poll
            await Task.WhenAny(roundStarted.Task, Task.Delay(50, Cancellation));
        }

        RedisKey leaseKey = $"{JobsRedis.JobsPrefix}{jobId:N}:Lease";
        var taken = await Redis.Database.KeyTimeToLiveAsync(leaseKey);
        await Task.Delay(TimeSpan.FromSeconds(2), Cancellation); // the lease runs down, in Redis's time
        var before = await Redis.Database.KeyTimeToLiveAsync(leaseKey);
        Assert.True(before < taken, $"The lease did not run down: {taken} then {before}.");

        time.Advance(TimeSpan.FromSeconds(30)); // half the 60 s lease: the round is still running, due for a renewal
        await Infrastructure.Eventually.WaitUntilAsync(() => Redis.Database.KeyTimeToLive(leaseKey) > before + TimeSpan.FromSeconds(1));

        finish.SetResult();
        var done = await DigestJobsClient.WaitForAsync(caller, jobId, view => view.Status() != "Pending");
        Assert.Equal("Succeeded", done.Status());
    }
}
