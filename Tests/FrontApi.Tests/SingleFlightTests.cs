using System.Net;
using System.Net.Http.Headers;
using FrontApi.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace FrontApi.Tests;

/// <summary>
/// MSAL does not coalesce concurrent cache misses; FrontApi does (Hardening/HardenedAuthorizationHeaderProvider): concurrent
/// requests with the same incoming token and scopes share one acquisition, others never wait on it, and no caller waits
/// for a token longer than the bounded wait.
/// </summary>
public sealed class SingleFlightTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Concurrent_first_requests_with_one_token_make_one_token_request()
    {
        using var host = new FrontApiHost();
        var release = new TaskCompletionSource<AuthenticationHeaderValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Tokens.Acquire = (_, _) => release.Task;
        using var client = host.ClientWith(host.UserTokens.For("alice"));

        var requests = Enumerable.Range(0, 20).Select(_ => client.GetAsync("/api/me", Cancellation)).ToList();
        await Eventually.WaitUntilAsync(() => host.Tokens.Calls > 0);
        await Task.Delay(200, Cancellation); // room for any other request to start an acquisition of its own
        release.SetResult(new AuthenticationHeaderValue("Bearer", "downstream-token"));
        var responses = await Task.WhenAll(requests);

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(1, host.Tokens.Calls);
        Assert.Equal(20, host.Downstream.Requests.Count);
    }

    [Fact]
    public async Task A_pending_acquisition_for_one_user_does_not_hold_up_another()
    {
        using var host = new FrontApiHost();
        var aliceToken = host.UserTokens.For("alice");
        var aliceAcquisition = new TaskCompletionSource<AuthenticationHeaderValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Counted here, inside the script: the provider's own count rises before the script runs, so Bob's call
        // could be counted before Alice's script had read the count.
        var acquisitions = 0;
        host.Tokens.Acquire = (_, _) => Interlocked.Increment(ref acquisitions) == 1
            ? aliceAcquisition.Task
            : Task.FromResult(new AuthenticationHeaderValue("Bearer", "bob"));
        using var alice = host.ClientWith(aliceToken);
        using var bob = host.ClientWith(host.UserTokens.For("bob"));

        var aliceRequest = alice.GetAsync("/api/me", Cancellation);
        await Eventually.WaitUntilAsync(() => Volatile.Read(ref acquisitions) == 1);
        using var bobResponse = await bob.GetAsync("/api/me", Cancellation);

        Assert.Equal(HttpStatusCode.OK, bobResponse.StatusCode);
        Assert.False(aliceRequest.IsCompleted, $"Alice's request, still waiting for her token, had completed: {await DescribeAsync(aliceRequest)}");
        aliceAcquisition.SetResult(new AuthenticationHeaderValue("Bearer", "alice"));
        using var aliceResponse = await aliceRequest;
        Assert.Equal(HttpStatusCode.OK, aliceResponse.StatusCode);
    }

    [Fact]
    public async Task A_caller_giving_up_does_not_fail_the_others_sharing_its_acquisition()
    {
        using var host = new FrontApiHost();
        var release = new TaskCompletionSource<AuthenticationHeaderValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Tokens.Acquire = (_, _) => release.Task;
        using var client = host.ClientWith(host.UserTokens.For("alice"));
        using var givesUp = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);

        var leaving = client.GetAsync("/api/me", givesUp.Token);
        await Eventually.WaitUntilAsync(() => host.Tokens.Calls == 1);
        var staying = client.GetAsync("/api/me", Cancellation);
        await givesUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        release.SetResult(new AuthenticationHeaderValue("Bearer", "downstream-token"));

        using var response = await staying;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, host.Tokens.Calls);
    }

    [Fact]
    public async Task A_token_that_never_comes_is_a_503_with_Retry_After_after_the_bounded_wait()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var host = new FrontApiHost { Time = time };
        host.Tokens.Acquire = (_, _) => new TaskCompletionSource<AuthenticationHeaderValue>().Task; // never answers
        using var client = host.ClientWith(host.UserTokens.For("alice"));

        var request = client.GetAsync("/api/me", Cancellation);
        await Eventually.WaitUntilAsync(() => host.Tokens.Calls == 1);
        while (!request.IsCompleted)
        {
            time.Advance(FrontApi.Hardening.HardenedAuthorizationHeaderProvider.MaxWait);
            await Task.WhenAny(request, Task.Delay(50, Cancellation));
        }

        using var response = await request;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.Empty(host.Downstream.Requests);
    }

    private static async Task<string> DescribeAsync(Task<HttpResponseMessage> request)
    {
        if (!request.IsCompleted)
        {
            return "not completed";
        }

        if (!request.IsCompletedSuccessfully)
        {
            return request.Exception?.GetBaseException().ToString() ?? "canceled";
        }

        return $"{(int)request.Result.StatusCode} {await request.Result.Content.ReadAsStringAsync()}";
    }
}
