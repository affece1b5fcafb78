using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FrontApi.Model;
using FrontApi.Tests.Infrastructure;
using Polly.Timeout;

namespace FrontApi.Tests;

/// <summary>
/// One failure, one meaning (FrontApi/Failures): each kind of failure of the identity platform or of DownstreamApi reaches
/// the caller the same way whether it broke a request, a part of <c>/api/profile</c> or a digest job's round — same status
/// and Retry-After for the first two, and the job outcome that status implies (the user must act: sign-in required;
/// waiting helps: the round is retried; this service's configuration: failed). Real Identity.Web and MSAL throughout,
/// against a stand-in token endpoint; DownstreamApi and Graph are scripted HTTP answers.
/// </summary>
public sealed class FailureVocabularyTests
{
    private const string TodoScope = "Todo.";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public enum JobOutcome
    {
        SignInRequired,
        Retried,
        Failed,
    }

    /// <summary>How each failure is caused, and what the caller must see.</summary>
    public sealed record Case(string Name, Func<HttpResponseMessage>? TokenError, Func<HttpResponseMessage>? DownstreamError, int Status, string? Challenge, int? RetryAfter, JobOutcome Job)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Cases =>
    [
        new Case("caller's token refused (AADSTS500133)", () => TestAuthority.Error(HttpStatusCode.BadRequest, "invalid_grant", "AADSTS500133: Assertion is not within its valid time range."),
            null, 401, "invalid_token", null, JobOutcome.SignInRequired),
        new Case("user must consent (AADSTS65001)", () => TestAuthority.Error(HttpStatusCode.BadRequest, "invalid_grant", "AADSTS65001: The user or administrator has not consented."),
            null, 403, "consentUri=", null, JobOutcome.SignInRequired),
        new Case("identity platform unavailable (503, Retry-After)", () => TestAuthority.Error(HttpStatusCode.ServiceUnavailable, "temporarily_unavailable", "AADSTS90033: busy.", TimeSpan.FromSeconds(7)),
            null, 503, null, 7, JobOutcome.Retried),
        new Case("FrontApi misconfigured (invalid_client)", () => TestAuthority.Error(HttpStatusCode.Unauthorized, "invalid_client", "AADSTS7000215: Invalid client secret provided."),
            null, 500, null, null, JobOutcome.Failed),
        new Case("DownstreamApi unavailable (503, Retry-After)", null, () => Unavailable(6), 503, null, 6, JobOutcome.Retried),
        new Case("DownstreamApi failing (500)", null, () => new HttpResponseMessage(HttpStatusCode.InternalServerError), 502, null, null, JobOutcome.Retried),
        new Case("DownstreamApi timed out", null, () => throw new TimeoutRejectedException(), 504, null, null, JobOutcome.Retried),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_failure_reaches_the_caller_the_same_way_on_a_request_a_profile_part_and_a_job(Case failure)
    {
        // Jobs wait in Redis for any replica's worker: a Redis database of this class's own, so that no other test's
        // FrontApi (each with its own scripted token endpoint) runs this test's job.
        using var host = new FrontApiHost
        {
            RealTokenAcquisition = true,
            ExtraSettings = new Dictionary<string, string?> { ["ConnectionStrings:cache"] = LocalRedisServer.Shared.ConnectionString + ",defaultDatabase=1" },
        };
        await host.WaitUntilReadyAsync();
        using var caller = host.ClientWith(host.UserTokens.For("vocabulary-" + Guid.NewGuid().ToString("N")[..8]));

        // A request: the OBO exchange for DownstreamApi (or DownstreamApi itself) fails.
        Fail(host, failure, grant: TestAuthority.OnBehalfOfGrant);
        using var request = await caller.GetAsync("/api/todos", Cancellation);
        Assert.Equal(failure.Status, (int)request.StatusCode);
        Assert.Equal("application/problem+json", request.Content.Headers.ContentType?.MediaType);
        if (failure.Challenge is { } challenge)
        {
            Assert.Contains(challenge, Assert.Single(request.Headers.WwwAuthenticate).Parameter, StringComparison.Ordinal);
        }

        Assert.Equal(failure.RetryAfter, (int?)request.Headers.RetryAfter?.Delta?.TotalSeconds);

        // /api/profile: the DownstreamApi part fails alike, the Graph part is answered — except while the token endpoint
        // throttles: that holds back every exchange of the application, Graph's too, and a profile with no part is
        // answered as DownstreamApi's failure alone would be.
        using var profile = await caller.GetAsync("/api/profile", Cancellation);
        int? retryAfter;
        if (profile.StatusCode == HttpStatusCode.OK)
        {
            var answer = (await profile.Content.ReadFromJsonAsync<ProfileResponse>(JsonSerializerOptions.Web, Cancellation))!;
            Assert.True(answer.Partial);
            Assert.NotNull(answer.Graph);
            Assert.Equal(failure.Status, answer.Errors!["downstream"].Status);
            retryAfter = answer.Errors["downstream"].RetryAfterSeconds;
        }
        else
        {
            Assert.Equal(failure.Status, (int)profile.StatusCode);
            Assert.True(failure.TokenError is not null && failure.RetryAfter is not null, $"Only a throttling token endpoint fails both parts, not: {failure}");
            retryAfter = (int?)profile.Headers.RetryAfter?.Delta?.TotalSeconds;
        }

        // What remains of the Retry-After the request above was given (held for the application since).
        Assert.Equal(failure.RetryAfter is null, retryAfter is null);
        Assert.InRange(retryAfter ?? 0, 0, failure.RetryAfter ?? 0);

        // A digest job: its session starts fine; its round's token (a refresh) or DownstreamApi call fails alike.
        host.Downstream.Respond = Answer(null);
        host.Authority.TokenEndpoint = (form, _) => Task.FromResult(ExpiringSoon(host.Authority.Issue(form)));
        using var started = await StartDigestAsync(caller);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Fail(host, failure, grant: "refresh_token");
        var job = await Eventually.WaitForAsync(async () =>
        {
            var view = await caller.GetFromJsonAsync<JsonElement>(started.Headers.Location, Cancellation);
            return view.GetProperty("detail").ValueKind == JsonValueKind.String ? view : (JsonElement?)null;
        });

        Assert.Equal(failure.Job switch
        {
            JobOutcome.SignInRequired => nameof(JobStatus.SignInRequired),
            JobOutcome.Failed => nameof(JobStatus.Failed),
            _ => nameof(JobStatus.Pending),
        }, job.GetProperty("status").GetString());
    }

    /// <summary>Starts a digest as a well-behaved client does: after a 503, again once its Retry-After has passed.</summary>
    private static async Task<HttpResponseMessage> StartDigestAsync(HttpClient caller)
    {
        var response = await caller.PostAsJsonAsync("/api/todos/digest", new { rounds = 1, intervalSeconds = 1 }, Cancellation);
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter?.Delta is { } wait)
        {
            response.Dispose();
            await Task.Delay(wait, Cancellation);
            response = await caller.PostAsJsonAsync("/api/todos/digest", new { rounds = 1, intervalSeconds = 1 }, Cancellation);
        }

        return response;
    }

    /// <summary>From now on, token requests of <paramref name="grant"/> for DownstreamApi, or DownstreamApi's answers, fail as the case says.</summary>
    private static void Fail(FrontApiHost host, Case failure, string grant)
    {
        host.Downstream.Respond = Answer(failure.DownstreamError);
        host.Authority.TokenEndpoint = (form, _) => Task.FromResult(failure.TokenError is { } error
            && form.GetValueOrDefault("grant_type") == grant && form.GetValueOrDefault("scope", "").Contains(TodoScope, StringComparison.Ordinal)
                ? error()
                : ExpiringSoon(host.Authority.Issue(form)));
    }

    private static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Answer(Func<HttpResponseMessage>? error) => (request, _) =>
        Task.FromResult(error is not null ? error() : request.RequestUri!.AbsolutePath switch
        {
            "/me" => ScriptedDownstreamApi.Json(new { oid = ScriptedDownstreamApi.Oid, tid = UserTokens.TenantId, azp = "front-api", scopes = new[] { "Todo.Read" } }),
            "/todos" => ScriptedDownstreamApi.Json(Array.Empty<object>()),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        });

    /// <summary>A token inside MSAL's 5-minute expiration buffer: every later use asks the token endpoint (a refresh, in a job).</summary>
    private static HttpResponseMessage ExpiringSoon(HttpResponseMessage issued)
    {
        var body = issued.Content.ReadFromJsonAsync<Dictionary<string, object>>().GetAwaiter().GetResult()!;
        body["expires_in"] = 240;
        body["ext_expires_in"] = 240;
        body["refresh_token"] = "refresh-" + Guid.NewGuid().ToString("N");
        return ScriptedDownstreamApi.Json(body);
    }

    private static HttpResponseMessage Unavailable(int seconds)
    {
        var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        return response;
    }
}
