using System.Net;
using FrontApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ServiceDefaults.Telemetry;

namespace FrontApi.Tests.Jobs;

/// <summary>
/// A job record in Redis that cannot be read (corrupt, another version's shape) is data, not a reason to stop: it is set
/// aside for an operator, logged at Error without its content, counted, and every other job goes on — on every replica,
/// which would otherwise all stop on the same due job.
/// </summary>
public sealed class JobRecordQuarantineTests(JobsRedis redis) : JobsTestClass(redis)
{
    [Theory]
    [InlineData("{\"id\": \"not json")]
    [InlineData("{\"rounds\": 3}")]
    [InlineData("[1, 2, 3]")]
    public async Task An_unreadable_job_record_is_quarantined_logged_and_counted_and_the_other_jobs_go_on(string corrupt)
    {
        var logs = new FakeLogCollector();
        using var host = DigestJobsClient.Host(Redis, realTokenAcquisition: false, logging: logging => logging.AddProvider(new FakeLoggerProvider(logs)));
        using var caller = host.ClientWith(host.UserTokens.For("quarantine"));
        using var quarantined = new MetricCollector<long>(host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            AspireOboTelemetry.Jobs, "aspireobo.jobs.quarantined");

        // Due before any other job: the first one every replica's worker reads.
        var corruptId = Guid.NewGuid();
        await Redis.Database.StringSetAsync($"{JobsRedis.JobsPrefix}{corruptId:N}", corrupt);
        await Redis.Database.SortedSetAddAsync($"{JobsRedis.JobsPrefix}Due", corruptId.ToString("N"), 0);
        await Redis.Database.SortedSetAddAsync($"{JobsRedis.JobsPrefix}Due", "not-a-job-id", 0);

        var jobId = await DigestJobsClient.StartAsync(caller, rounds: 1, intervalSeconds: 1);
        var done = await DigestJobsClient.WaitForAsync(caller, jobId, view => view.Status() != "Pending");

        Assert.Equal("Succeeded", done.Status());

        // The worker runs due jobs side by side, so the job can finish before the corrupt record is set aside: wait for
        // its log (written last), then check everything the quarantine did.
        await Eventually.WaitUntilAsync(() => logs.GetSnapshot().Any(log => log.Level == LogLevel.Error && log.Message.Contains(corruptId.ToString(), StringComparison.Ordinal)));
        Assert.Equal(corrupt, (await Redis.Database.StringGetAsync($"{JobsRedis.JobsPrefix}Quarantine:{corruptId:N}")).ToString());
        Assert.False(await Redis.Database.KeyExistsAsync($"{JobsRedis.JobsPrefix}{corruptId:N}"));
        Assert.Null(await Redis.Database.SortedSetScoreAsync($"{JobsRedis.JobsPrefix}Due", corruptId.ToString("N")));
        Assert.Null(await Redis.Database.SortedSetScoreAsync($"{JobsRedis.JobsPrefix}Due", "not-a-job-id"));
        var error = Assert.Single(logs.GetSnapshot(), log => log.Level == LogLevel.Error && log.Message.Contains(corruptId.ToString(), StringComparison.Ordinal));
        Assert.DoesNotContain(corrupt, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, quarantined.GetMeasurementSnapshot().EvaluateAsCounter());

        // Its id answers as a job that does not exist, not as a server error.
        using var asked = await caller.GetAsync($"/api/jobs/{corruptId}", Cancellation);
        Assert.Equal(HttpStatusCode.NotFound, asked.StatusCode);
    }
}
