using System.Net;
using System.Net.Http.Json;
using FrontApi.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace FrontApi.Tests.Jobs;

/// <summary>
/// The job endpoints under what production throws at them: Redis not answering (503 with Retry-After, never 500), a user
/// starting job after job (429 with Retry-After past the limit), and no long-running session — a refresh token in Redis —
/// left behind without an end: each session expires, and one whose job could not be stored is removed at once.
/// </summary>
public sealed class JobsApiFaultTests(JobsRedis redis) : JobsTestClass(redis)
{
    [Fact]
    public async Task While_Redis_does_not_answer_the_job_endpoints_answer_503_with_Retry_After()
    {
        using var host = DigestJobsClient.Host(Redis, realTokenAcquisition: true);
        await host.WaitUntilReadyAsync();
        using var caller = host.ClientWith(host.UserTokens.For("redis-paused"));
        var jobId = await DigestJobsClient.StartAsync(caller, rounds: 1, intervalSeconds: 1);

        await Redis.PauseAsync(TimeSpan.FromSeconds(8));
        using var read = await caller.GetAsync($"/api/jobs/{jobId}", Cancellation);
        using var start = await caller.PostAsJsonAsync("/api/todos/digest", new { rounds = 1, intervalSeconds = 1 }, Cancellation);

        foreach (var response in new[] { read, start })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(response.Headers.RetryAfter?.Delta);
        }
    }

    [Fact]
    public async Task Past_the_per_user_limit_a_new_job_is_429_with_Retry_After_and_other_users_are_not_held_up()
    {
        using var host = DigestJobsClient.Host(Redis, realTokenAcquisition: false, settings: [("DigestJobs:MaxActiveJobsPerUser", "2")]);
        using var busy = host.ClientWith(host.UserTokens.For("busy-user"));
        using var other = host.ClientWith(host.UserTokens.For("other-user"));
        await DigestJobsClient.StartAsync(busy, rounds: 24, intervalSeconds: 3600);
        await DigestJobsClient.StartAsync(busy, rounds: 24, intervalSeconds: 3600);

        using var third = await busy.PostAsJsonAsync("/api/todos/digest", new { rounds = 1, intervalSeconds = 1 }, Cancellation);

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("application/problem+json", third.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(third.Headers.RetryAfter?.Delta);
        await DigestJobsClient.StartAsync(other, rounds: 1, intervalSeconds: 1);
    }

    [Fact]
    public async Task A_place_frees_when_a_job_ends()
    {
        using var host = DigestJobsClient.Host(Redis, realTokenAcquisition: false, settings: [("DigestJobs:MaxActiveJobsPerUser", "1")]);
        using var caller = host.ClientWith(host.UserTokens.For("one-at-a-time"));
        var first = await DigestJobsClient.StartAsync(caller, rounds: 2, intervalSeconds: 2); // runs 2 s at least
        using (var meanwhile = await caller.PostAsJsonAsync("/api/todos/digest", new { rounds = 1, intervalSeconds = 1 }, Cancellation))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, meanwhile.StatusCode);
        }

        await DigestJobsClient.WaitForAsync(caller, first, view => view.Status() == "Succeeded");

        await DigestJobsClient.StartAsync(caller, rounds: 1, intervalSeconds: 1);
    }

    [Fact]
    public async Task A_started_session_expires_with_its_job_even_if_nothing_removes_it()
    {
        using var host = DigestJobsClient.Host(Redis, realTokenAcquisition: true, settings: [("DigestJobs:RoundDeadline", "00:10:00")]);
        await host.WaitUntilReadyAsync();
        using var caller = host.ClientWith(host.UserTokens.For("session-expiry"));
        host.Authority.TokenEndpoint = (form, cancellationToken) => Task.FromResult(WithRefreshToken(host.Authority.Issue(form), cancellationToken));

        var jobId = await DigestJobsClient.StartAsync(caller, rounds: 3, intervalSeconds: 600);

        var sessionEntry = JobsRedis.TokenCachePrefix + (await Redis.RecordAsync(jobId)).GetProperty("sessionKey").GetString();
        var ttl = await Redis.Database.KeyTimeToLiveAsync(sessionEntry);
        Assert.NotNull(ttl); // MSAL suggests no expiry for an entry with a refresh token; the session's key gives one
        // 3 rounds × (10 minutes apart + 10 minutes' deadline) + an hour's margin.
        Assert.InRange(ttl.Value, TimeSpan.FromMinutes(119), TimeSpan.FromMinutes(121));
    }

    /// <summary>As Entra answers a request with <c>offline_access</c> (MSAL always asks for it): the session can outlive its access token.</summary>
    private static HttpResponseMessage WithRefreshToken(HttpResponseMessage issued, CancellationToken cancellationToken)
    {
        var body = issued.Content.ReadFromJsonAsync<Dictionary<string, object>>(cancellationToken).GetAwaiter().GetResult()!;
        body["refresh_token"] = "refresh-" + Guid.NewGuid().ToString("N");
        return ScriptedDownstreamApi.Json(body);
    }

    [Fact]
    public async Task A_job_that_cannot_be_stored_leaves_no_session_and_no_exchange_behind()
    {
        using var host = DigestJobsClient.Host(Redis, realTokenAcquisition: true);
        await host.WaitUntilReadyAsync();
        using var caller = host.ClientWith(host.UserTokens.For("cannot-store"));
        var cacheBefore = await Redis.KeysAsync(JobsRedis.TokenCachePrefix);
        var exchangesBefore = host.Authority.TokenRequests.Count;

        // FrontApi may read its job keys but not write them: the job cannot be stored; the token cache works.
        await Redis.RestrictKeysAsync($"%R~{JobsRedis.JobsPrefix}*", $"~{JobsRedis.TokenCachePrefix}*", "~AspireObo:FrontApi:DataProtection-Keys");
        using var start = await caller.PostAsJsonAsync("/api/todos/digest", new { rounds = 1, intervalSeconds = 1 }, Cancellation);
        await Redis.AllowAllKeysAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, start.StatusCode);
        Assert.NotNull(start.Headers.RetryAfter?.Delta);
        Assert.Equal(cacheBefore.Order(), (await Redis.KeysAsync(JobsRedis.TokenCachePrefix)).Order());
        Assert.Equal(exchangesBefore, host.Authority.TokenRequests.Count);
    }

    [Fact]
    public async Task A_session_whose_exchange_failed_gives_its_place_back()
    {
        using var host = DigestJobsClient.Host(Redis, realTokenAcquisition: true, settings: [("DigestJobs:MaxActiveJobsPerUser", "1")]);
        await host.WaitUntilReadyAsync();
        using var caller = host.ClientWith(host.UserTokens.For("failed-exchange"));
        host.Authority.TokenEndpoint = (form, _) => Task.FromResult(form.GetValueOrDefault("grant_type") == TestAuthority.OnBehalfOfGrant
            ? TestAuthority.Error(HttpStatusCode.BadRequest, "invalid_grant", "AADSTS65001: The user or administrator has not consented.")
            : host.Authority.Issue(form));

        using var refused = await caller.PostAsJsonAsync("/api/todos/digest", new { rounds = 1, intervalSeconds = 1 }, Cancellation);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Empty(await Redis.KeysAsync(JobsRedis.JobsPrefix));

        host.Authority.TokenEndpoint = null;
        await DigestJobsClient.StartAsync(caller, rounds: 24, intervalSeconds: 3600); // the place was given back
        using var second = await caller.PostAsJsonAsync("/api/todos/digest", new { rounds = 1, intervalSeconds = 1 }, Cancellation);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode); // and there was one only
    }

    [Theory]
    [InlineData("DigestJobs:MaxActiveJobsPerUser", "0")]
    [InlineData("DigestJobs:RoundDeadline", "00:00:00")]
    public void An_invalid_job_limit_stops_FrontApi_at_start(string key, string value)
    {
        using var host = DigestJobsClient.Host(Redis, realTokenAcquisition: false, settings: [(key, value)]);

        var refused = Assert.ThrowsAny<Exception>(() => host.Services);
        Assert.Contains(key, (refused as OptionsValidationException ?? refused.InnerException as OptionsValidationException)?.Message ?? refused.ToString());
    }
}
