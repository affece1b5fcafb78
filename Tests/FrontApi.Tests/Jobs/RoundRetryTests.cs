using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace FrontApi.Tests.Jobs;

/// <summary>
/// A round that fails for a while is retried as the failing service asks (its <c>Retry-After</c>), for as long as an
/// outage of minutes lasts, within the round's deadline that the job states; past the deadline the job is Failed and
/// says why. DownstreamApi's answers are scripted; time is FrontApi's clock (<see cref="FakeTimeProvider"/>) where an
/// outage of minutes is played.
/// </summary>
public sealed class RoundRetryTests(JobsRedis redis) : JobsTestClass(redis)
{
    [Fact]
    public async Task A_503_with_Retry_After_is_retried_after_that_time_not_sooner()
    {
        using var host = DigestJobsClient.Host(Redis, realTokenAcquisition: false);
        host.Downstream.Respond = (_, _) => Task.FromResult(DigestJobsClient.Unavailable(retryAfterSeconds: 40));
        using var caller = host.ClientWith(host.UserTokens.For("retry-after"));

        var jobId = await DigestJobsClient.StartAsync(caller, rounds: 1, intervalSeconds: 1);
        var waiting = await DigestJobsClient.WaitForAsync(caller, jobId, view => view.GetProperty("detail").ValueKind == JsonValueKind.String);

        var failedAt = waiting.GetProperty("updatedAt").GetDateTimeOffset();
        var nextRunAt = waiting.GetProperty("nextRunAt").GetDateTimeOffset();
        Assert.Equal("Pending", waiting.Status());
        Assert.InRange(nextRunAt - failedAt, TimeSpan.FromSeconds(39.5), TimeSpan.FromSeconds(40.5)); // the job was saved just after it decided
        Assert.True(waiting.GetProperty("roundDeadline").GetDateTimeOffset() > nextRunAt);
    }

    [Fact]
    public async Task A_token_endpoint_throttling_the_sessions_refresh_is_retried_after_its_Retry_After()
    {
        using var host = DigestJobsClient.Host(Redis, realTokenAcquisition: true);
        await host.WaitUntilReadyAsync();
        // Tokens inside MSAL's 5-minute expiry buffer, with a refresh token: each round redeems the session's refresh token.
        host.Authority.TokenEndpoint = (form, _) => Task.FromResult(form.GetValueOrDefault("grant_type") == "refresh_token"
            ? Infrastructure.TestAuthority.Error((System.Net.HttpStatusCode)429, "temporarily_unavailable", "AADSTS90033: throttled.", TimeSpan.FromSeconds(60))
            : ExpiringSoon(host.Authority.Issue(form)));
        using var caller = host.ClientWith(host.UserTokens.For("throttled-refresh"));

        var jobId = await DigestJobsClient.StartAsync(caller, rounds: 1, intervalSeconds: 1);
        var waiting = await DigestJobsClient.WaitForAsync(caller, jobId, view => view.GetProperty("detail").ValueKind == JsonValueKind.String);

        Assert.Equal("Pending", waiting.Status());
        Assert.InRange(waiting.GetProperty("nextRunAt").GetDateTimeOffset() - waiting.GetProperty("updatedAt").GetDateTimeOffset(),
            TimeSpan.FromSeconds(59), TimeSpan.FromSeconds(60.5));
    }

    /// <summary>A token inside MSAL's 5-minute expiration buffer, with a refresh token: every later use redeems the refresh token.</summary>
    private static HttpResponseMessage ExpiringSoon(HttpResponseMessage issued)
    {
        var body = issued.Content.ReadFromJsonAsync<Dictionary<string, object>>().GetAwaiter().GetResult()!;
        body["expires_in"] = 240;
        body["ext_expires_in"] = 240;
        body["refresh_token"] = "refresh-" + Guid.NewGuid().ToString("N");
        return Infrastructure.ScriptedDownstreamApi.Json(body);
    }

    [Fact]
    public async Task An_outage_of_minutes_within_the_rounds_deadline_is_outlasted_and_the_job_succeeds()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var host = DigestJobsClient.Host(Redis, realTokenAcquisition: false, time, settings: [("DigestJobs:RoundDeadline", "00:10:00")]);
        var healsAt = time.GetUtcNow() + TimeSpan.FromMinutes(4);
        host.Downstream.Respond = (request, _) => Task.FromResult(time.GetUtcNow() < healsAt
            ? DigestJobsClient.Unavailable(retryAfterSeconds: 20)
            : Infrastructure.ScriptedDownstreamApi.Json(Array.Empty<object>()));
        using var caller = host.ClientWith(host.UserTokens.For("outage-minutes"));

        var jobId = await DigestJobsClient.StartAsync(caller, rounds: 1, intervalSeconds: 1);
        var done = await PlayUntilAsync(time, caller, jobId, view => view.Status() is not ("Pending" or "Running"), TimeSpan.FromMinutes(8));

        Assert.Equal("Succeeded", done.Status());
        Assert.True(done.GetProperty("digests")[0].GetProperty("at").GetDateTimeOffset() >= healsAt);
        // Each attempt waited the 20 s asked: about 4 minutes / 20 s, not a retry every few seconds.
        Assert.InRange(host.Downstream.Requests.Count, 10, 14);
    }

    [Fact]
    public async Task Past_the_rounds_deadline_the_job_is_Failed_and_says_why()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var host = DigestJobsClient.Host(Redis, realTokenAcquisition: false, time, settings: [("DigestJobs:RoundDeadline", "00:03:00")]);
        host.Downstream.Respond = (_, _) => Task.FromResult(DigestJobsClient.Unavailable(retryAfterSeconds: 20));
        using var caller = host.ClientWith(host.UserTokens.For("outage-too-long"));

        var jobId = await DigestJobsClient.StartAsync(caller, rounds: 1, intervalSeconds: 1);
        var started = time.GetUtcNow();
        var done = await PlayUntilAsync(time, caller, jobId, view => view.Status() is not ("Pending" or "Running"), TimeSpan.FromMinutes(6));

        Assert.Equal("Failed", done.Status());
        Assert.Contains("deadline", done.GetProperty("detail").GetString());
        Assert.Contains("DownstreamApi is temporarily unavailable", done.GetProperty("detail").GetString());
        Assert.True(done.GetProperty("updatedAt").GetDateTimeOffset() >= started + TimeSpan.FromMinutes(3));
    }

    /// <summary>Advances FrontApi's clock a second at a time (a worker poll each) until the job is done, or <paramref name="bound"/> has passed on it.</summary>
    private static async Task<JsonElement> PlayUntilAsync(FakeTimeProvider time, HttpClient caller, Guid jobId, Func<JsonElement, bool> isDone, TimeSpan bound)
    {
        var end = time.GetUtcNow() + bound;
        for (var step = 0; time.GetUtcNow() < end; step++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(15, Cancellation); // the worker's poll and any round it starts run on real threads
            if (step % 10 == 0 && await DigestJobsClient.ViewAsync(caller, jobId) is var view && isDone(view))
            {
                return view;
            }
        }

        return await DigestJobsClient.ViewAsync(caller, jobId);
    }
}
