using System.Net;
using System.Net.Http.Headers;
using FrontApi.Tests.Infrastructure;
using Microsoft.Identity.Client;

namespace FrontApi.Tests;

/// <summary>
/// When the token endpoint throttles (429, or 503 with Retry-After), FrontApi sends it no token request until the
/// wait is over and answers 503 with the remaining Retry-After itself (OnBehalfOf/RetryAfterHonouringTokenProvider).
/// </summary>
public sealed class BackoffTests : IDisposable
{
    private readonly FrontApiHost _host = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task After_a_throttling_answer_no_token_request_is_sent_until_Retry_After_has_passed(int status)
    {
        _host.Tokens.Acquire = (_, _) => throw Throttled(status, TimeSpan.FromSeconds(60));
        using var client = _host.ClientWith(_host.UserTokens.For("alice"));

        using var first = await client.GetAsync("/api/me", Cancellation);
        using var second = await client.GetAsync("/api/me", Cancellation);

        await ErrorMappingTests.AssertProblemAsync(first, HttpStatusCode.ServiceUnavailable);
        await ErrorMappingTests.AssertProblemAsync(second, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(1, _host.Tokens.Calls);
        Assert.InRange(second.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_503_without_Retry_After_is_not_throttling()
    {
        _host.Tokens.Acquire = (_, _) => throw new MsalServiceException("temporarily_unavailable", "AADSTS90033", 503);
        using var client = _host.ClientWith(_host.UserTokens.For("alice"));

        using var first = await client.GetAsync("/api/me", Cancellation);
        using var second = await client.GetAsync("/api/me", Cancellation);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal(2, _host.Tokens.Calls);
    }

    internal static MsalServiceException Throttled(int status, TimeSpan retryAfter)
    {
        var exception = new MsalServiceException(status == 429 ? "throttled" : "temporarily_unavailable", "AADSTS50196: throttled.", status);
        using var answer = new HttpResponseMessage();
        answer.Headers.RetryAfter = new RetryConditionHeaderValue(retryAfter);
        exception.Headers = answer.Headers;
        return exception;
    }
}
