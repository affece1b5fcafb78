using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AspireObo.SystemTests.Jobs;

/// <summary>
/// Issue 26's long-running case with tokens of the usual lifetime (60–90 minutes): once the user's sessions are revoked,
/// the job ends <c>SignInRequired</c> at its next round — each round redeems the session's refresh token, which the
/// identity platform now refuses — not when the cached access token would have expired.
/// </summary>
public sealed class RevokedSessionTests(RevokedSessionTests.OneLoadTestUserSystem system) : IClassFixture<RevokedSessionTests.OneLoadTestUserSystem>
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    private readonly RunningSystem _system = system.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_revoked_session_ends_the_job_within_one_round_although_its_access_token_is_still_valid()
    {
        var user = LoadTestUsers.User(1);
        var token = await _system.Identity.GetUserTokenAsync(user, Cancellation);
        using var front = _system.CreateFrontClient(token);
        using var started = await front.PostAsJsonAsync("/api/todos/digest", new { rounds = 10, intervalSeconds = 5 }, Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var location = started.Headers.Location!.ToString();
        var first = await WaitForJobAsync(front, location, job => job.GetProperty("digests").GetArrayLength() >= 1);
        Assert.Equal("Running", first.GetProperty("status").GetString());

        using (var revoked = await _system.Identity.Http.PostAsync($"_emulator/users/{user.UserName}/revokeSignInSessions", null, Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        }

        var roundsBefore = (await ReadJobAsync(front, location)).GetProperty("digests").GetArrayLength();
        var job = await WaitForJobAsync(front, location, job => job.GetProperty("status").GetString() != "Running");

        Assert.Equal("SignInRequired", job.GetProperty("status").GetString());
        // At most the round already under way when the revocation came may have completed.
        Assert.InRange(job.GetProperty("digests").GetArrayLength(), roundsBefore, roundsBefore + 1);
    }

    private static async Task<JsonElement> ReadJobAsync(HttpClient front, string location)
    {
        using var response = await front.GetAsync(location, Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static Task<JsonElement> WaitForJobAsync(HttpClient front, string location, Func<JsonElement, bool> isDone) =>
        Eventually.ReadAsync(_ => ReadJobAsync(front, location), isDone, JobTimeout, job => job.ToString(), Cancellation);

    /// <summary>A system of its own, with the emulator's default token lifetimes: revoking its one user touches no other test.</summary>
    public sealed class OneLoadTestUserSystem() : PrivateSystem(new SystemOptions { LoadTestUsers = 1 });
}
