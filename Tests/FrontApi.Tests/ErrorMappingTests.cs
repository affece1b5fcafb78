using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using FrontApi.Failures;
using FrontApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Identity.Client;
using Microsoft.Identity.Web;

namespace FrontApi.Tests;

/// <summary>
/// Failures of the token exchange and of the call to DownstreamApi, as FrontApi's callers see them
/// (Failures/FailureClassifier, Failures/FailureProblemDetails): RFC 9457 problem details, the right status, Retry-After where waiting
/// helps, a challenge where the user must act, and nothing of the other side's internals.
/// </summary>
public sealed class ErrorMappingTests : IDisposable
{
    private const string DownstreamSecret = "downstream-internal-detail";
    private readonly FrontApiHost _host = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Missing_consent_is_a_403_consent_challenge_without_claims()
    {
        _host.Tokens.Acquire = (scopes, _) => throw new MicrosoftIdentityWebChallengeUserException(
            new MsalUiRequiredException("invalid_grant", "AADSTS65001: consent required."), scopes);

        using var response = await GetMeAsync();

        await AssertProblemAsync(response, HttpStatusCode.Forbidden);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Contains("consentUri=\"https://login.microsoftonline.com/", challenge.Parameter, StringComparison.Ordinal);
        Assert.DoesNotContain("claims=", challenge.Parameter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_identity_platform_refusing_FrontApi_itself_is_a_500_that_says_nothing_of_its_answer()
    {
        _host.Tokens.Acquire = (_, _) => throw new MsalServiceException("invalid_client", $"AADSTS7000215: Invalid client secret. {DownstreamSecret}", 401);

        using var response = await GetMeAsync();

        var problem = await AssertProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("AADSTS", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_identity_platform_failing_is_a_503_with_its_Retry_After()
    {
        var failure = new MsalServiceException("temporarily_unavailable", "AADSTS90033: busy.", 503);
        using var answer = new HttpResponseMessage();
        answer.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(9));
        failure.Headers = answer.Headers;
        _host.Tokens.Acquire = (_, _) => throw failure;

        using var response = await GetMeAsync();

        await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(9), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task An_unreachable_identity_platform_is_a_503_with_a_default_Retry_After()
    {
        _host.Tokens.Acquire = (_, _) => throw new IdentityPlatformException(IdentityPlatformFailure.Unreachable, "unreachable", new HttpRequestException());

        using var response = await GetMeAsync();

        await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.Empty(_host.Downstream.Requests);
    }

    [Fact]
    public async Task DownstreamApi_unavailable_is_a_503_with_its_Retry_After_and_no_retry()
    {
        _host.Downstream.Respond = (_, _) => Task.FromResult(WithRetryAfter(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), 7));

        using var response = await GetMeAsync();

        await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Single(_host.Downstream.Requests);
    }

    [Fact]
    public async Task DownstreamApi_refusing_the_body_is_a_400_with_its_validation_errors()
    {
        _host.Downstream.Respond = (_, _) => Task.FromResult(ScriptedDownstreamApi.Json(new HttpValidationProblemDetails(
            new Dictionary<string, string[]> { ["Title"] = ["The title is taken."] })
        { Status = 400, Instance = "/todos" }, HttpStatusCode.BadRequest));
        using var client = _host.ClientWith(_host.UserTokens.For("alice"));

        using var response = await client.PostAsJsonAsync("/api/todos", new { title = "Buy milk" }, Cancellation);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("The title is taken.", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("\"/todos\"", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task DownstreamApi_refusing_or_failing_is_a_502_without_its_body(HttpStatusCode status)
    {
        _host.Downstream.Respond = (_, _) => Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(DownstreamSecret) });

        using var response = await GetMeAsync();

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadGateway);
        Assert.DoesNotContain(DownstreamSecret, problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_DownstreamApi_is_a_502_after_one_retry_of_a_GET()
    {
        _host.Downstream.Respond = (_, _) => throw new HttpRequestException("Connection refused");

        using var response = await GetMeAsync();

        await AssertProblemAsync(response, HttpStatusCode.BadGateway);
        Assert.Equal(2, _host.Downstream.Requests.Count);
    }

    [Fact]
    public async Task A_DownstreamApi_refusing_connections_is_a_503_with_Retry_After_after_one_retry_of_a_GET()
    {
        // What a restarting or redeploying DownstreamApi looks like: no connection to be had, nothing was sent.
        _host.Downstream.Respond = (_, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused");

        using var response = await GetMeAsync();

        await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.Equal(2, _host.Downstream.Requests.Count);
    }

    [Fact]
    public async Task A_POST_is_never_replayed_after_a_failure()
    {
        _host.Downstream.Respond = (_, _) => throw new HttpRequestException("Connection reset");
        using var client = _host.ClientWith(_host.UserTokens.For("alice"));

        using var response = await client.PostAsJsonAsync("/api/todos", new { title = "Buy milk" }, Cancellation);

        await AssertProblemAsync(response, HttpStatusCode.BadGateway);
        Assert.Single(_host.Downstream.Requests);
    }

    [Fact]
    public async Task A_POST_whose_connection_is_reset_mid_request_is_a_503_with_Retry_After_and_not_replayed()
    {
        // What SocketsHttpHandler throws when DownstreamApi (or the proxy before it) dies with the request in flight:
        // HttpRequestError.Unknown, with the reset in its inner exceptions (checked against a real socket reset).
        _host.Downstream.Respond = (_, _) => throw new HttpRequestException(HttpRequestError.Unknown, "An error occurred while sending the request.",
            new IOException("Unable to read data from the transport connection: Connection reset by peer.", new SocketException((int)SocketError.ConnectionReset)));
        using var client = _host.ClientWith(_host.UserTokens.For("alice"));

        using var response = await client.PostAsJsonAsync("/api/todos", new { title = "Buy milk" }, Cancellation);

        await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.Single(_host.Downstream.Requests);
    }

    [Fact]
    public async Task An_unreadable_answer_is_a_502()
    {
        _host.Downstream.Respond = (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>", Encoding.UTF8, "text/html") });

        using var response = await GetMeAsync();

        await AssertProblemAsync(response, HttpStatusCode.BadGateway);
    }

    [Fact]
    public async Task A_todo_DownstreamApi_does_not_know_is_a_404_problem()
    {
        using var client = _host.ClientWith(_host.UserTokens.For("alice"));

        using var response = await client.GetAsync($"/api/todos/{Guid.NewGuid()}", Cancellation);

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    private async Task<HttpResponseMessage> GetMeAsync()
    {
        using var client = _host.ClientWith(_host.UserTokens.For("alice"));
        return await client.GetAsync("/api/me", Cancellation);
    }

    private static HttpResponseMessage WithRetryAfter(HttpResponseMessage response, int seconds)
    {
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        return response;
    }

    /// <returns>The problem details body.</returns>
    internal static async Task<string> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains($"\"status\":{(int)status}", body, StringComparison.Ordinal);
        return body;
    }
}
