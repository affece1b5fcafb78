using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FrontApi.Tests.Infrastructure;
using Microsoft.Identity.Client;

namespace FrontApi.Tests;

/// <summary>
/// FrontApi as a CAE-aware middle tier (Microsoft Learn: "Claims challenges, claims requests and client capabilities",
/// "How to use Continuous Access Evaluation enabled APIs"), with real Identity.Web and MSAL against a stand-in token
/// endpoint: every exchange declares <c>cp1</c>; a claims challenge from DownstreamApi is first tried in a new exchange
/// with those claims (past MSAL's cache and the header memo), once; what only the user can satisfy goes to the caller —
/// as the documented 401 claims challenge when its token says it handles them (<c>xms_cc</c> = <c>cp1</c>), as a 403
/// otherwise; and the refused header is never served again.
/// </summary>
public sealed class ClaimsChallengeTests : IDisposable
{
    private const string StepUpClaims = """{"access_token":{"acrs":{"essential":true,"value":"c1"}}}""";
    private static readonly Guid TodoId = Guid.Parse("11111111-1111-4111-8111-111111111111");

    private readonly FrontApiHost _host = new() { RealTokenAcquisition = true };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _host.Dispose();

    private List<IReadOnlyDictionary<string, string>> Exchanges =>
        [.. _host.Authority.TokenRequests.Where(form => form.GetValueOrDefault("grant_type") == TestAuthority.OnBehalfOfGrant)];

    [Fact]
    public async Task A_downstream_claims_challenge_is_tried_in_one_new_exchange_with_the_claims_and_the_refused_header_is_never_served_again()
    {
        await _host.WaitUntilReadyAsync();
        var refused = new HashSet<string>();
        _host.Downstream.Respond = (request, _) =>
        {
            var token = request.Headers.Authorization!.Parameter!;
            // The first token is refused with the step-up challenge; the one from the exchange with the claims is served.
            if (refused.Count == 0 || refused.Contains(token))
            {
                refused.Add(token);
                return Task.FromResult(Challenge());
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent));
        };
        using var client = _host.ClientWith(_host.UserTokens.ForCapableClient("bob", "cp1"));

        using var first = await client.DeleteAsync($"/api/todos/{TodoId}", Cancellation);
        using var second = await client.DeleteAsync($"/api/todos/{TodoId}", Cancellation);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        Assert.Equal(2, Exchanges.Count); // the plain one and the one with the claims; the second request needs none
        Assert.All(Exchanges, form => Assert.Contains("cp1", ClientCapabilitiesOf(form)));
        Assert.DoesNotContain("acrs", Exchanges[0].GetValueOrDefault("claims", ""));
        Assert.Contains("\"acrs\"", Exchanges[1]["claims"], StringComparison.Ordinal);
        var tokens = _host.Downstream.Requests.Select(request => request.Headers.Authorization!.Parameter!).ToList();
        Assert.Equal(3, tokens.Count);
        Assert.DoesNotContain(tokens[2], refused); // the memo forgot the refused header
    }

    [Fact]
    public async Task What_only_the_user_can_satisfy_is_a_401_claims_challenge_for_a_cp1_caller_and_no_more_than_one_retry()
    {
        await _host.WaitUntilReadyAsync();
        _host.Downstream.Respond = (_, _) => Task.FromResult(Challenge());
        _host.Authority.TokenEndpoint = (form, _) => Task.FromResult(form.ContainsKey("claims") && form["claims"].Contains("acrs", StringComparison.Ordinal)
            ? InteractionRequired(StepUpClaims)
            : _host.Authority.Issue(form));
        using var client = _host.ClientWith(_host.UserTokens.ForCapableClient("bob", "cp1"));

        using var response = await client.DeleteAsync($"/api/todos/{TodoId}", Cancellation);

        await ErrorMappingTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        var parameters = WwwAuthenticateParameters.CreateFromAuthenticationHeaders(response.Headers, "Bearer");
        Assert.Equal("insufficient_claims", parameters.Error);
        Assert.Contains("\"c1\"", parameters.Claims, StringComparison.Ordinal);
        Assert.Contains("error=\"insufficient_claims\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains("/oauth2/v2.0/authorize", parameters["authorization_uri"], StringComparison.Ordinal);
        Assert.Single(_host.Downstream.Requests); // the new exchange failed: nothing more was sent
        Assert.Equal(2, Exchanges.Count);
    }

    [Fact]
    public async Task A_second_challenge_after_the_new_exchange_goes_to_the_caller_never_round_again()
    {
        await _host.WaitUntilReadyAsync();
        _host.Downstream.Respond = (_, _) => Task.FromResult(Challenge());
        using var client = _host.ClientWith(_host.UserTokens.ForCapableClient("bob", "cp1"));

        using var response = await client.DeleteAsync($"/api/todos/{TodoId}", Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(2, _host.Downstream.Requests.Count);
        Assert.Equal(2, Exchanges.Count);
    }

    [Fact]
    public async Task A_caller_that_did_not_declare_cp1_gets_a_403_it_can_read_not_a_claims_challenge()
    {
        await _host.WaitUntilReadyAsync();
        _host.Downstream.Respond = (_, _) => Task.FromResult(Challenge());
        _host.Authority.TokenEndpoint = (form, _) => Task.FromResult(form.ContainsKey("claims") && form["claims"].Contains("acrs", StringComparison.Ordinal)
            ? InteractionRequired(StepUpClaims)
            : _host.Authority.Issue(form));
        using var client = _host.ClientWith(_host.UserTokens.For("bob"));

        using var response = await client.DeleteAsync($"/api/todos/{TodoId}", Cancellation);

        await ErrorMappingTests.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("proposedAction=\"consent\"", Assert.Single(response.Headers.WwwAuthenticate).Parameter, StringComparison.Ordinal);
        Assert.Equal(2, Exchanges.Count); // the claims were tried in a new exchange first
    }

    private static HttpResponseMessage Challenge()
    {
        var response = new HttpResponseMessage(HttpStatusCode.Unauthorized);
        response.Headers.TryAddWithoutValidation("WWW-Authenticate",
            $"Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/{UserTokens.TenantId}/oauth2/v2.0/authorize\", error=\"insufficient_claims\", "
            + $"claims=\"{Convert.ToBase64String(Encoding.UTF8.GetBytes(StepUpClaims))}\"");
        return response;
    }

    private static HttpResponseMessage InteractionRequired(string claims) => new(HttpStatusCode.BadRequest)
    {
        Content = JsonContent.Create(new Dictionary<string, object>
        {
            ["error"] = "invalid_grant",
            ["error_description"] = "AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication.",
            ["error_codes"] = new[] { 50076 },
            ["suberror"] = "basic_action",
            ["claims"] = claims,
            ["timestamp"] = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ssZ"),
            ["trace_id"] = Guid.NewGuid(),
            ["correlation_id"] = Guid.NewGuid(),
        }),
    };

    private static string ClientCapabilitiesOf(IReadOnlyDictionary<string, string> form) =>
        form.TryGetValue("claims", out var claims)
            ? JsonDocument.Parse(claims).RootElement.GetProperty("access_token").GetProperty("xms_cc").GetRawText()
            : "";
}
