using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using AspireObo.Testing.Chaos;
using EntraEmulator.Hosting.Emulator;

namespace AspireObo.SystemTests.Chaos;

/// <summary>
/// Issue 25's chaos run: two FrontApi replicas under a steady mixed load of 50 users (writes, reads, <c>/api/profile</c>,
/// one digest job each) while, in turn, a replica is killed with SIGKILL and started again, Redis is stopped and started,
/// two users' sessions are revoked, the identity platform throttles for 30 s, and DownstreamApi restarts. Afterwards every
/// acknowledged write is readable, every job ends Succeeded (SignInRequired for the two revoked users), no answer held
/// another user's data, and every error a client saw was a 503 or 504 (with Retry-After where it is a 503) — never a 500.
/// The counts are printed.
/// </summary>
public sealed class ChaosUnderLoadTests(ChaosUnderLoadTests.TwoReplicasFiftyUsers system) : IClassFixture<ChaosUnderLoadTests.TwoReplicasFiftyUsers>
{
    private const int Users = 50;
    private static readonly int[] RevokedUsers = [49, 50];
    private static readonly TimeSpan Throttling = TimeSpan.FromSeconds(30);

    /// <summary>Jobs: long enough to span every fault (6 rounds, 20 s apart).</summary>
    private const int JobRounds = 6;
    private const int JobIntervalSeconds = 20;

    /// <summary>How long the jobs may take to finish after the load stops: their last round, plus retries of a round a fault delayed.</summary>
    private static readonly TimeSpan JobsFinishWithin = TimeSpan.FromMinutes(4);

    private readonly RunningSystem _system = system.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Under_load_through_replica_kill_Redis_restart_throttling_and_DownstreamApi_restart_nothing_is_lost_and_no_error_is_a_500()
    {
        var users = new List<(int Number, AccessToken Token)>();
        foreach (var number in Enumerable.Range(1, Users))
        {
            users.Add((number, await _system.Identity.GetUserTokenAsync(LoadTestUsers.User(number), Cancellation)));
        }

        var jobs = new Dictionary<int, string>();
        foreach (var (number, token) in users)
        {
            using var front = _system.CreateFrontReplicaClient(number % _system.FrontReplicas.Count, token);
            using var started = await front.PostAsJsonAsync("/api/todos/digest", new { rounds = JobRounds, intervalSeconds = JobIntervalSeconds }, Cancellation);
            Assert.True(started.StatusCode == HttpStatusCode.Accepted, $"user {number}'s digest: {(int)started.StatusCode} {await started.Content.ReadAsStringAsync(Cancellation)}");
            jobs[number] = started.Headers.Location!.ToString();
        }

        var load = new MixedUserLoad(_system.FrontReplicas, users, pause: TimeSpan.FromSeconds(1));
        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var running = load.RunAsync(stopLoad.Token);
        var timeline = new List<string>();
        var clock = Stopwatch.StartNew();
        void Mark(string what) => timeline.Add($"{clock.Elapsed.TotalSeconds,6:F1} s  {what}");

        await using (var replicas = new ReplicaProcesses(_system.App, "front"))
        {
            await Task.Delay(TimeSpan.FromSeconds(15), Cancellation);
            Mark("SIGKILL FrontApi replica 1");
            var killed = await replicas.KillAsync(_system.FrontReplicas[1], Cancellation);
            var killedAt = DateTimeOffset.UtcNow;
            await Task.Delay(TimeSpan.FromSeconds(5), Cancellation);
            Mark("start it again");
            Uri restartedAt;
            try
            {
                restartedAt = await replicas.StartAsync(killed, TimeSpan.FromSeconds(40), Cancellation);
            }
            catch (OperationCanceledException)
            {
                throw new InvalidOperationException("history: " + replicas.History);
            }
            Mark($"replica 1 healthy again at {restartedAt}");
            var killWindow = (From: killedAt, To: DateTimeOffset.UtcNow);

            await Task.Delay(TimeSpan.FromSeconds(15), Cancellation);
            Mark("stop Redis");
            await _system.StopAsync("cache", Cancellation);
            await Task.Delay(TimeSpan.FromSeconds(15), Cancellation);
            Mark("start Redis");
            await _system.StartAsync("cache", Cancellation);

            await Task.Delay(TimeSpan.FromSeconds(10), Cancellation);
            var revokedAt = DateTimeOffset.UtcNow;
            foreach (var number in RevokedUsers)
            {
                Mark($"revoke user {number}'s sessions");
                using var revoked = await _system.Identity.Http.PostAsync($"_emulator/users/{LoadTestUsers.User(number).UserName}/revokeSignInSessions", null, Cancellation);
                Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
            }

            Mark($"identity platform throttles ({Throttling.TotalSeconds:F0} s)");
            await using (await _system.Identity.BreakTokenEndpointAsync(new { statusCode = 429, retryAfterSeconds = (int)Throttling.TotalSeconds }, Cancellation))
            {
                await Task.Delay(Throttling, Cancellation);
            }

            Mark("throttling over; restart DownstreamApi");
            await _system.RestartAsync("downstream", Cancellation);
            Mark("DownstreamApi healthy again");
            await Task.Delay(TimeSpan.FromSeconds(15), Cancellation);
            Mark("stop the load");
            await stopLoad.CancelAsync();
            await running;

            var outcomes = load.Outcomes;
            var finalJobs = await WaitForJobsAsync(users, jobs);
            Mark("every job finished");
            var missingWrites = await MissingAcknowledgedWritesAsync(users, outcomes);

            TestContext.Current.TestOutputHelper?.WriteLine(string.Join(Environment.NewLine,
                ["Chaos timeline:", .. timeline, "Client answers by kind:", outcomes.Summary(),
                 $"Acknowledged writes: {outcomes.AcknowledgedWrites.Values.Sum(ids => ids.Count)}, missing afterwards: {missingWrites.Count}",
                 "Jobs by status: " + string.Join(", ", finalJobs.GroupBy(job => job.Value.Status).OrderBy(group => group.Key).Select(group => $"{group.Key} {group.Count()}")),
                 "Jobs not Succeeded: " + string.Join(", ", finalJobs.Where(job => job.Value.Status != "Succeeded").Select(job => $"user {job.Key} {job.Value.Status} ({job.Value.Error})"))]));

            Assert.Empty(outcomes.ForeignData);
            Assert.Empty(missingWrites);
            foreach (var (number, (status, error)) in finalJobs)
            {
                Assert.True(status == (RevokedUsers.Contains(number) ? "SignInRequired" : "Succeeded"), $"user {number}'s job ended {status} ({error})");
            }

            var unexpected = outcomes.Errors.Where(error => !IsExpected(error, killWindow, revokedAt)).ToList();
            Assert.True(unexpected.Count == 0, "Errors no fault explains:" + Environment.NewLine
                + string.Join(Environment.NewLine, unexpected.Take(20).Select(error => $"  user {error.User} {error.Operation}: {error.Kind} (Retry-After: {error.HasRetryAfter}) {error.Detail[..Math.Min(error.Detail.Length, 300)]}")));
        }
    }

    /// <summary>
    /// A 503 says when to retry; a 504 may not; a lost connection only while replica 1 was gone; a revoked user may be
    /// refused (401/403) after the revocation. Anything else — a 500 above all — is a defect.
    /// </summary>
    private static bool IsExpected(ClientError error, (DateTimeOffset From, DateTimeOffset To) killWindow, DateTimeOffset revokedAt) => error switch
    {
        { Status: HttpStatusCode.ServiceUnavailable, HasRetryAfter: true } => true,
        { Status: HttpStatusCode.GatewayTimeout } => true,
        { Kind: "connection lost" } => error.At >= killWindow.From && error.At <= killWindow.To,
        { Status: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } => RevokedUsers.Contains(error.User) && error.At >= revokedAt,
        _ => false,
    };

    /// <returns>Each user's job status, and the job's error code if it has one.</returns>
    private async Task<Dictionary<int, (string Status, string? Error)>> WaitForJobsAsync(List<(int Number, AccessToken Token)> users, Dictionary<int, string> jobs)
    {
        var statuses = new Dictionary<int, (string, string?)>();
        var deadline = DateTimeOffset.UtcNow + JobsFinishWithin;
        foreach (var (number, _) in users)
        {
            using var front = _system.CreateFrontClient(await _system.Identity.GetUserTokenAsync(LoadTestUsers.User(number), Cancellation));
            while (true)
            {
                using var response = await front.GetAsync(jobs[number], Cancellation);
                var view = response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation) : default;
                var status = view.ValueKind == JsonValueKind.Object ? view.GetProperty("status").GetString()! : $"HTTP {(int)response.StatusCode}";
                if (status is "Succeeded" or "Failed" or "SignInRequired" || DateTimeOffset.UtcNow > deadline)
                {
                    statuses[number] = (status, view.ValueKind == JsonValueKind.Object ? view.GetProperty("error").GetString() : null);
                    break;
                }

                await Task.Delay(TimeSpan.FromSeconds(2), Cancellation);
            }
        }

        return statuses;
    }

    private async Task<List<string>> MissingAcknowledgedWritesAsync(List<(int Number, AccessToken Token)> users, ClientOutcomes outcomes)
    {
        var missing = new List<string>();
        foreach (var (number, _) in users.Where(user => !RevokedUsers.Contains(user.Number)))
        {
            using var front = _system.CreateFrontClient(await _system.Identity.GetUserTokenAsync(LoadTestUsers.User(number), Cancellation));
            using var response = await front.GetAsync("/api/todos", Cancellation);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"user {number}'s todos after the run: {(int)response.StatusCode}");
            var stored = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).EnumerateArray()
                .Select(item => item.GetProperty("id").GetGuid()).ToHashSet();
            missing.AddRange(outcomes.AcknowledgedWrites.GetValueOrDefault(number, []).Where(id => !stored.Contains(id)).Select(id => $"user {number}: {id}"));
        }

        return missing;
    }

    /// <summary>
    /// Two replicas, 50 users, and access tokens valid for <see cref="TokenLifetime"/>: MSAL renews a token 5 minutes
    /// before it expires, so every minute each user's next request exchanges again and each job redeems its session's
    /// refresh token (where a revoked session shows). The checks after the run sign each user in afresh.
    /// </summary>
    public sealed class TwoReplicasFiftyUsers() : PrivateSystem(new SystemOptions
    {
        FrontReplicas = 2,
        LoadTestUsers = Users,
        ConfigureAppHost = appHost => appHost.CreateResourceBuilder<EntraEmulatorResource>("identity")
            .WithEnvironment("EntraEmulator__AccessTokenLifetime", TokenLifetime.ToString("c")),
    });

    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(6);
}
