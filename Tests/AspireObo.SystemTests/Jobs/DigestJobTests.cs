using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StackExchange.Redis;

namespace AspireObo.SystemTests.Jobs;

/// <summary>
/// Work on the user's behalf that outlives the request: a todo digest job keeps calling DownstreamApi with tokens of a
/// long-running OBO session after the user's token has expired, survives a FrontApi restart and a minute of throttling,
/// is visible to its owner only, stops with "sign in again" when the user's sessions are revoked, and links its spans to the request.
/// </summary>
public sealed class DigestJobTests(ShortLivedTokensSystem system) : IClassFixture<ShortLivedTokensSystem>
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// A finished job's session removal reaching Redis (one command, right after the job is saved as finished, which is
    /// when its owner can already see it): milliseconds; the bound only ends a broken run.
    /// </summary>
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(10);

    private readonly RunningSystem _system = system.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_digest_keeps_working_after_the_users_token_expired_by_refresh_token_not_by_new_exchanges()
    {
        var token = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        using var front = _system.CreateFrontClient(token);
        using (var created = await front.PostAsJsonAsync("/api/todos", new { title = "Digest me" }, Cancellation))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var refreshesBefore = await TokensIssuedAsync("refresh_token");
        var (location, _) = await StartDigestAsync(front, rounds: 3, intervalSeconds: 8);
        var exchangesAfterStart = await _system.Identity.GetOnBehalfOfCountAsync(token, Cancellation);

        var job = await WaitForJobAsync(front, location, job => job.GetProperty("status").GetString() == "Succeeded");

        var digests = job.GetProperty("digests").EnumerateArray().ToList();
        Assert.Equal(3, digests.Count);
        Assert.All(digests, digest => Assert.True(digest.GetProperty("total").GetInt32() >= 1));
        var userTokenExpiry = DateTimeOffset.FromUnixTimeSeconds(token.Claims.GetProperty("exp").GetInt64());
        Assert.True(digests[^1].GetProperty("at").GetDateTimeOffset() > userTokenExpiry,
            $"The last round ran at {digests[^1].GetProperty("at")}, before the user's token expired at {userTokenExpiry:O}.");

        // No OBO exchange with the user's token after the start; the refresh token did the work.
        Assert.Equal(exchangesAfterStart, await _system.Identity.GetOnBehalfOfCountAsync(token, Cancellation));
        Assert.True(await TokensIssuedAsync("refresh_token") >= refreshesBefore + 2, "The job's rounds did not redeem the session's refresh token.");
    }

    [Fact]
    public async Task Another_user_gets_404_for_a_job_that_is_not_theirs()
    {
        var alice = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        var bob = await _system.Identity.GetUserTokenAsync(DevUser.Bob, Cancellation);
        using var aliceFront = _system.CreateFrontClient(alice);
        using var bobFront = _system.CreateFrontClient(bob);
        var (location, _) = await StartDigestAsync(aliceFront, rounds: 1, intervalSeconds: 1);

        using var theirs = await bobFront.GetAsync(location, Cancellation);
        using var unknown = await bobFront.GetAsync($"/api/jobs/{Guid.NewGuid()}", Cancellation);
        using var own = await aliceFront.GetAsync(location, Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        ProblemAssert.IsProblem(theirs, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var body = await theirs.Content.ReadAsStringAsync(Cancellation);
        Assert.DoesNotContain("digests", body); // nothing of alice's job leaks
    }

    [Fact]
    public async Task Revoking_the_users_sessions_stops_the_job_with_sign_in_required()
    {
        var token = await _system.Identity.GetUserTokenAsync(DevUser.Bob, Cancellation);
        using var front = _system.CreateFrontClient(token);
        var (location, _) = await StartDigestAsync(front, rounds: 10, intervalSeconds: 3);
        await WaitForJobAsync(front, location, job => job.GetProperty("digests").GetArrayLength() >= 1);

        using (var revoked = await _system.Identity.Http.PostAsync($"_emulator/users/{DevUser.Bob.UserName}/revokeSignInSessions", null, Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        }

        var job = await WaitForJobAsync(front, location, job => job.GetProperty("status").GetString() != "Running");

        Assert.Equal("SignInRequired", job.GetProperty("status").GetString());
        Assert.Contains("Sign in again", job.GetProperty("detail").GetString());
        Assert.True(job.GetProperty("digests").GetArrayLength() < 10);
        Assert.Equal(JsonValueKind.Null, job.GetProperty("nextRunAt").ValueKind);
    }

    /// <summary>
    /// The identity platform throttles every token request for a minute (429, Retry-After 60 s; the dashboard's command
    /// does it for 30 s): the job's next refresh-token redemption is refused, and the job waits what was asked, as often
    /// as needed within its round's deadline, instead of spending a handful of quick retries and failing.
    /// </summary>
    [Fact]
    public async Task A_job_outlasts_a_minute_of_identity_platform_throttling_by_waiting_its_Retry_After()
    {
        var token = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        using var front = _system.CreateFrontClient(token);
        var (location, _) = await StartDigestAsync(front, rounds: 2, intervalSeconds: 4);
        await WaitForJobAsync(front, location, job => job.GetProperty("digests").GetArrayLength() >= 1);

        await using (await _system.Identity.BreakTokenEndpointAsync(new { statusCode = 429, retryAfterSeconds = 60, durationSeconds = 60 }, Cancellation))
        {
            // A new job meanwhile needs an exchange: 503 with the time to wait, not a job that cannot start.
            using var refused = await front.PostAsJsonAsync("/api/todos/digest", new { rounds = 1, intervalSeconds = 1 }, Cancellation);
            ProblemAssert.IsProblem(refused, HttpStatusCode.ServiceUnavailable);
            Assert.NotNull(refused.Headers.RetryAfter?.Delta);

            var waiting = await WaitForJobAsync(front, location, job => job.GetProperty("detail").ValueKind == JsonValueKind.String);
            Assert.Equal("Running", waiting.GetProperty("status").GetString());
            var wait = waiting.GetProperty("nextRunAt").GetDateTimeOffset() - waiting.GetProperty("updatedAt").GetDateTimeOffset();
            Assert.True(wait > TimeSpan.FromSeconds(30), $"The job retries after {wait}, before the identity platform's Retry-After.");
        }

        // Healed at the emulator; FrontApi (and MSAL) still hold back token requests until the Retry-After has passed, and
        // the job waits for it. The test's own token lives 15 s: a new one for each look at the job.
        var done = await Eventually.ReadAsync(async cancellationToken =>
        {
            using var owner = _system.CreateFrontClient(await _system.Identity.GetUserTokenAsync(DevUser.Alice, cancellationToken));
            using var response = await owner.GetAsync(location, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }, job => job.GetProperty("status").GetString() != "Running", JobTimeout, job => job.ToString(), Cancellation);
        Assert.Equal("Succeeded", done.GetProperty("status").GetString());
        Assert.Equal(2, done.GetProperty("digests").GetArrayLength());
    }

    [Fact]
    public async Task A_job_survives_a_FrontApi_restart_and_the_new_process_finishes_it()
    {
        var token = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        using var front = _system.CreateFrontClient(token);
        var (location, _) = await StartDigestAsync(front, rounds: 3, intervalSeconds: 4);
        await WaitForJobAsync(front, location, job => job.GetProperty("digests").GetArrayLength() >= 1);

        await _system.RestartAsync("front", Cancellation);

        using var after = _system.CreateFrontClient(token);
        var job = await WaitForJobAsync(after, location, job => job.GetProperty("status").GetString() == "Succeeded");
        var workers = job.GetProperty("digests").EnumerateArray().Select(digest => digest.GetProperty("worker").GetString()).ToList();
        Assert.Equal(3, workers.Count);
        Assert.NotEqual(workers[0], workers[^1]); // the restarted process ran the last round
    }

    [Fact]
    public async Task Each_round_is_a_trace_of_its_own_linked_to_the_request_that_started_the_job()
    {
        using var dashboard = await DashboardTelemetry.ConnectAsync(_system, Cancellation);
        var token = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        using var front = _system.CreateFrontClient(token);
        var (location, traceId) = await StartDigestAsync(front, rounds: 1, intervalSeconds: 1);
        var jobId = location.Split('/')[^1];
        await WaitForJobAsync(front, location, job => job.GetProperty("status").GetString() == "Succeeded");

        var round = await Eventually.ReadAsync(
            async token => FindRound(JsonDocument.Parse(await dashboard.GetAllAsTextAsync("spans", token)).RootElement, jobId),
            found => found is not null, TelemetrySystem.ArrivalTimeout, _ => $"no round span for job {jobId}", Cancellation);

        Assert.NotEqual(traceId, round!.Value.TraceId);
        Assert.Contains(traceId, round.Value.LinkedTraceIds);
        var roundTrace = await dashboard.WaitForSpansAsync(round.Value.TraceId,
            spans => spans.Any(span => span.Service == "downstream" && span.Kind == ExportedSpan.ServerKind),
            TelemetrySystem.ArrivalTimeout, Cancellation);
        var acquisition = Assert.Single(roundTrace, span => span.Name == "acquire token DownstreamApi");
        Assert.Equal("true", acquisition.Attribute("aspireobo.token.long_running"));
    }

    [Fact]
    public async Task A_finished_job_leaves_no_token_of_its_session_in_Redis()
    {
        var token = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        using var front = _system.CreateFrontClient(token);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(
            await _system.App.GetConnectionStringAsync("cache", Cancellation) ?? throw new InvalidOperationException("No cache connection string."));
        var database = redis.GetDatabase();

        var (location, _) = await StartDigestAsync(front, rounds: 2, intervalSeconds: 4);
        var record = await database.StringGetAsync($"AspireObo:FrontApi:Jobs:{Guid.Parse(location.Split('/')[^1]):N}");
        var sessionKey = JsonDocument.Parse(record.ToString()).RootElement.GetProperty("sessionKey").GetString();
        RedisKey sessionEntry = $"AspireObo:FrontApi:TokenCache:{sessionKey}";
        // Written before the job was accepted (the token-cache write is awaited inside the exchange).
        Assert.True(await database.KeyExistsAsync(sessionEntry), "The running job's session (its refresh token) is not in the token cache.");

        await WaitForJobAsync(front, location, job => job.GetProperty("status").GetString() == "Succeeded");

        // MSAL suggests no expiry for an entry with a refresh token: only the job's end removes it.
        await Eventually.ReadAsync(_ => database.KeyExistsAsync(sessionEntry), exists => !exists, SessionTimeout,
            _ => "the finished job's session (its refresh token) is still in Redis", Cancellation);
    }

    private async Task<(string Location, string TraceId)> StartDigestAsync(HttpClient front, int rounds, int intervalSeconds)
    {
        var (traceParent, traceId, _) = DashboardTelemetry.NewTraceParent();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/todos/digest")
        {
            Content = JsonContent.Create(new { rounds, intervalSeconds }),
        };
        request.Headers.Add("traceparent", traceParent);
        using var response = await front.SendAsync(request, Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}");
        return (response.Headers.Location!.ToString(), traceId);
    }

    private static Task<JsonElement> WaitForJobAsync(HttpClient front, string location, Func<JsonElement, bool> isDone) =>
        Eventually.ReadAsync(async token =>
        {
            using var response = await front.GetAsync(location, token);
            var body = await response.Content.ReadAsStringAsync(token);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }, isDone, JobTimeout, job => job.ToString(), Cancellation);

    private async Task<long> TokensIssuedAsync(string grant)
    {
        var stats = await _system.Identity.Http.GetFromJsonAsync<JsonElement>("_emulator/stats", Cancellation);
        return stats.GetProperty("tokensIssued").GetProperty(grant).GetInt64();
    }

    /// <summary>The round span of a job in the dashboard's OTLP JSON, with the trace ids it links to.</summary>
    private static (string TraceId, IReadOnlyList<string> LinkedTraceIds)? FindRound(JsonElement json, string jobId)
    {
        foreach (var span in json.GetProperty("data").GetProperty("resourceSpans").EnumerateArray()
            .SelectMany(resource => resource.GetProperty("scopeSpans").EnumerateArray())
            .SelectMany(scope => scope.GetProperty("spans").EnumerateArray()))
        {
            var isRound = span.GetProperty("name").GetString() == "todo digest round"
                && span.TryGetProperty("attributes", out var attributes)
                && attributes.EnumerateArray().Any(attribute => attribute.GetProperty("key").GetString() == "aspireobo.job.id"
                    && attribute.GetProperty("value").GetProperty("stringValue").GetString() == jobId);
            if (isRound)
            {
                var links = span.TryGetProperty("links", out var linked) && linked.ValueKind == JsonValueKind.Array
                    ? linked.EnumerateArray().Select(link => link.GetProperty("traceId").GetString()!).ToList()
                    : [];
                return (span.GetProperty("traceId").GetString()!, links);
            }
        }

        return null;
    }
}
