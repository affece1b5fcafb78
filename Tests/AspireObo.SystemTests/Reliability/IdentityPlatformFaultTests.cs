using System.Diagnostics;
using System.Net;

namespace AspireObo.SystemTests.Reliability;

public sealed class IdentityFaultSystem() : PrivateSystem(new SystemOptions { AppHostArguments = [LoadTestUsers.AppHostArgument(10)] });

/// <summary>
/// The identity platform throttling, hanging or down: FrontApi answers 503 problem details with Retry-After within
/// a bounded time, keeps serving cached tokens, does not hammer the token endpoint, and recovers by itself.
/// </summary>
[Collection(IsolatedSystems.Name)]
public sealed class IdentityPlatformFaultTests(IdentityFaultSystem fixture) : IClassFixture<IdentityFaultSystem>
{
    /// <summary>FrontApi waits at most 10 s for a token (SingleFlightTokenProvider.MaxWait); the rest is slack for a loaded machine.</summary>
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(40);

    private readonly RunningSystem _system = fixture.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Throttled_token_endpoint_gives_503_with_Retry_After_and_is_not_called_again_until_it_passes()
    {
        using var front = _system.CreateFrontClient(await _system.Identity.GetUserTokenAsync(LoadTestUsers.User(1), Cancellation));
        var before = await _system.Identity.GetTokenRequestCountAsync(Cancellation);

        await using (await _system.Identity.BreakTokenEndpointAsync(new { statusCode = 429, retryAfterSeconds = 8 }, Cancellation))
        {
            for (var call = 0; call < 5; call++)
            {
                using var response = await front.GetAsync("/api/me", Cancellation);
                var retryAfter = ProblemAssert.IsProblem(response, HttpStatusCode.ServiceUnavailable);
                Assert.InRange(retryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8));
            }

            Assert.Equal(before + 1, await _system.Identity.GetTokenRequestCountAsync(Cancellation));
        }

        // Healed, but Retry-After has not passed: still no call to the token endpoint.
        using (var stillWaiting = await front.GetAsync("/api/me", Cancellation))
        {
            ProblemAssert.IsProblem(stillWaiting, HttpStatusCode.ServiceUnavailable);
        }

        Assert.Equal(before + 1, await _system.Identity.GetTokenRequestCountAsync(Cancellation));

        await EventuallyOkAsync(front, TimeSpan.FromSeconds(30));
        Assert.Equal(before + 2, await _system.Identity.GetTokenRequestCountAsync(Cancellation));
    }

    [Fact]
    public async Task A_user_whose_exchange_hangs_does_not_hold_up_another_user_and_gets_503_in_bounded_time()
    {
        var slowToken = await _system.Identity.GetUserTokenAsync(LoadTestUsers.User(2), Cancellation);
        using var slow = _system.CreateFrontClient(slowToken);
        using var other = _system.CreateFrontClient(await _system.Identity.GetUserTokenAsync(LoadTestUsers.User(3), Cancellation));
        var before = await _system.Identity.GetTokenRequestCountAsync(Cancellation);

        await using (await _system.Identity.BreakTokenEndpointAsync(new { delayMilliseconds = 120_000, userObjectId = slowToken.ObjectId }, Cancellation))
        {
            var stopwatch = Stopwatch.StartNew();
            var slowCall = slow.GetAsync("/api/me", Cancellation);
            while (await _system.Identity.GetTokenRequestCountAsync(Cancellation) == before)
            {
                await Task.Delay(50, Cancellation); // until the slow user's exchange is hanging at the token endpoint
            }

            using (var otherResponse = await other.GetAsync("/api/me", Cancellation))
            {
                Assert.Equal(HttpStatusCode.OK, otherResponse.StatusCode);
            }

            Assert.False(slowCall.IsCompleted, "The hanging exchange answered before the other user's request: the test proves nothing.");

            using var slowResponse = await slowCall;
            ProblemAssert.IsProblem(slowResponse, HttpStatusCode.ServiceUnavailable);
            Assert.True(stopwatch.Elapsed < AnswerBound, $"The hanging exchange was answered after {stopwatch.Elapsed}.");
        }
    }

    [Fact]
    public async Task One_users_throttled_exchange_holds_back_the_applications_other_exchanges_while_cached_tokens_are_served()
    {
        using var cached = _system.CreateFrontClient(await _system.Identity.GetUserTokenAsync(LoadTestUsers.User(6), Cancellation));
        var throttledToken = await _system.Identity.GetUserTokenAsync(LoadTestUsers.User(7), Cancellation);
        using var throttled = _system.CreateFrontClient(throttledToken);
        using var waiting = _system.CreateFrontClient(await _system.Identity.GetUserTokenAsync(LoadTestUsers.User(8), Cancellation));
        using (var warm = await cached.GetAsync("/api/me", Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        await using (await _system.Identity.BreakTokenEndpointAsync(new { statusCode = 429, retryAfterSeconds = 8, userObjectId = throttledToken.ObjectId }, Cancellation))
        {
            using (var first = await throttled.GetAsync("/api/me", Cancellation))
            {
                ProblemAssert.IsProblem(first, HttpStatusCode.ServiceUnavailable);
            }

            var afterThrottling = await _system.Identity.GetTokenRequestCountAsync(Cancellation);
            using (var other = await waiting.GetAsync("/api/me", Cancellation))
            {
                var retryAfter = ProblemAssert.IsProblem(other, HttpStatusCode.ServiceUnavailable);
                Assert.InRange(retryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8));
            }

            using (var fromCache = await cached.GetAsync("/api/me", Cancellation))
            {
                Assert.Equal(HttpStatusCode.OK, fromCache.StatusCode);
            }

            Assert.Equal(afterThrottling, await _system.Identity.GetTokenRequestCountAsync(Cancellation));
        }

        await EventuallyOkAsync(waiting, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Identity_platform_down_cached_tokens_keep_working_new_exchanges_get_503_then_it_recovers()
    {
        using var cached = _system.CreateFrontClient(await _system.Identity.GetUserTokenAsync(LoadTestUsers.User(4), Cancellation));
        using var uncached = _system.CreateFrontClient(await _system.Identity.GetUserTokenAsync(LoadTestUsers.User(5), Cancellation));
        using (var warmUp = await cached.GetAsync("/api/me", Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, warmUp.StatusCode);
        }

        await _system.StopAsync("identity", Cancellation);
        try
        {
            using (var fromCache = await cached.GetAsync("/api/me", Cancellation))
            {
                Assert.Equal(HttpStatusCode.OK, fromCache.StatusCode);
            }

            var stopwatch = Stopwatch.StartNew();
            using (var needsExchange = await uncached.GetAsync("/api/me", Cancellation))
            {
                ProblemAssert.IsProblem(needsExchange, HttpStatusCode.ServiceUnavailable);
            }

            Assert.True(stopwatch.Elapsed < AnswerBound, $"The exchange with the identity platform down was answered after {stopwatch.Elapsed}.");
        }
        finally
        {
            await _system.StartAsync("identity", Cancellation);
        }

        await EventuallyOkAsync(uncached, TimeSpan.FromSeconds(90));
    }

    private static async Task EventuallyOkAsync(HttpClient front, TimeSpan within)
    {
        using var response = await Recovery.UntilOkAsync(front, "/api/me", within, HttpStatusCode.ServiceUnavailable);
    }
}
