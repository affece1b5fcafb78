using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FrontApi.Http;
using FrontApi.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Identity.Abstractions;
using Microsoft.Identity.Client;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;
using Microsoft.Extensions.Options;

namespace FrontApi.Downstream;

/// <summary>
/// DownstreamApi, called on behalf of the signed-in user. Each call asks Identity.Web's <see cref="IAuthorizationHeaderProvider"/>
/// for an Authorization header with only the scopes it needs: the first time for a given incoming token that is an OBO
/// exchange at the token endpoint, afterwards MSAL serves the token from the cache (L1 memory, L2 Redis) until it needs
/// refreshing. In a job (<see cref="ForSession"/>) the tokens come from the job's long-running OBO session instead.
/// </summary>
public sealed partial class DownstreamApiClient(
    HttpClient http,
    IAuthorizationHeaderProvider tokens,
    IOptions<DownstreamApiOptions> options,
    ILogger<DownstreamApiClient> logger)
{
    /// <summary>
    /// Identity.Web's <see cref="AcquireTokenOptions.LongRunningWebApiSessionKey"/>: inside the request that starts a job, the
    /// user's token is exchanged once and the tokens, refresh token included, are cached under it; in the job, with no
    /// request, MSAL serves them or redeems the refresh token — never a new exchange of the user's long-expired token.
    /// </summary>
    private string? _sessionKey;

    /// <summary>Whether the first token of each call is renewed (<see cref="ForSession"/>'s <c>renewEachCall</c>).</summary>
    private bool _renewEachCall;

    /// <summary>The same client, with tokens of the long-running session <paramref name="sessionKey"/>.</summary>
    /// <param name="renewEachCall">
    /// Redeem the session's refresh token for every call instead of using a cached access token: the identity platform
    /// then says at once when the session was revoked (sessions revoked, user disabled, password changed), where a cached
    /// token would go on working until it expires (60–90 minutes; 28 hours for a CAE token).
    /// </param>
    public DownstreamApiClient ForSession(string sessionKey, bool renewEachCall = false) =>
        new(http, tokens, options, logger) { _sessionKey = sessionKey, _renewEachCall = renewEachCall };

    /// <summary>Starts (or continues) the long-running session of <see cref="ForSession"/> with a token for reading.</summary>
    public Task StartSessionAsync(CancellationToken cancellationToken) => AuthorizationHeaderAsync(ReadScopes, forceRefresh: false, cancellationToken);

    private string[] ReadScopes => options.Value.ReadScopes;
    private string[] WriteScopes => options.Value.WriteScopes;

    public async Task<UserProfile> GetMeAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "me"), ReadScopes, cancellationToken);
        return await ReadAsync<UserProfile>(RequireFound(response), cancellationToken);
    }

    public async Task<IReadOnlyList<TodoItem>> ListTodosAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "todos"), ReadScopes, cancellationToken);
        return await ReadAsync<List<TodoItem>>(RequireFound(response), cancellationToken);
    }

    /// <returns>Null when the user has no todo with this id.</returns>
    public async Task<TodoItem?> GetTodoAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"todos/{id}"), ReadScopes, cancellationToken);
        return response is null ? null : await ReadAsync<TodoItem>(response, cancellationToken);
    }

    public async Task<TodoItem> CreateTodoAsync(CreateTodoRequest todo, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "todos") { Content = JsonContent.Create(todo) }, WriteScopes, cancellationToken);
        return await ReadAsync<TodoItem>(RequireFound(response), cancellationToken);
    }

    /// <returns>Null when the user has no todo with this id.</returns>
    public async Task<TodoItem?> UpdateTodoAsync(Guid id, UpdateTodoRequest todo, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Put, $"todos/{id}") { Content = JsonContent.Create(todo) }, WriteScopes, cancellationToken);
        return response is null ? null : await ReadAsync<TodoItem>(response, cancellationToken);
    }

    /// <returns>False when the user has no todo with this id.</returns>
    public async Task<bool> DeleteTodoAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, $"todos/{id}"), WriteScopes, cancellationToken);
        return response is not null;
    }

    /// <summary>
    /// Sends the request with a token for <paramref name="scopes"/>. When DownstreamApi refuses that token (401), the
    /// request is sent again once, with a new token, and never more: without a claims challenge the token is dropped and
    /// a fresh one acquired (it may have been revoked, or the cache held a stale one); with a claims challenge (Conditional
    /// Access authentication context, CAE) a new OBO exchange asks for those claims, as Microsoft's guidance has a middle
    /// tier do first. What the exchange cannot satisfy without the user (MSAL's UI-required, from Identity.Web) or a
    /// second challenge goes to the caller. A job's long-running session does not retry with claims: the job ends.
    /// </summary>
    /// <returns>The successful response, or null for a 404; any other outcome throws <see cref="DownstreamApiException"/>
    /// (or <see cref="DownstreamClaimsChallengeException"/>).</returns>
    private async Task<HttpResponseMessage?> SendAsync(Func<HttpRequestMessage> createRequest, string[] scopes, CancellationToken cancellationToken)
    {
        var response = await SendOnceAsync(createRequest, scopes, forceRefresh: _renewEachCall, claims: null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            string? claims;
            using (response)
            {
                claims = ClaimsChallengeOf(response);
                if (claims is not null && _sessionKey is not null)
                {
                    LogClaimsChallenge();
                    throw new DownstreamClaimsChallengeException(scopes, claims);
                }

                if (claims is null)
                {
                    LogTokenRefused();
                }
                else
                {
                    LogClaimsChallengeRetried();
                }
            }

            response = await SendOnceAsync(createRequest, scopes, forceRefresh: claims is null, claims, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized && ClaimsChallengeOf(response) is { } claimsAfterRetry)
            {
                response.Dispose();
                LogClaimsChallenge();
                throw new DownstreamClaimsChallengeException(scopes, claimsAfterRetry);
            }
        }

        return await InterpretAsync(response, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendOnceAsync(
        Func<HttpRequestMessage> createRequest, string[] scopes, bool forceRefresh, string? claims, CancellationToken cancellationToken)
    {
        using var request = createRequest();
        request.Headers.TryAddWithoutValidation("Authorization", await AuthorizationHeaderAsync(scopes, forceRefresh, cancellationToken, claims));
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (Exception exception) when (TransientFailures.IsUnreachable(exception, cancellationToken))
        {
            LogDownstreamUnreachable(request.Method.Method, exception.GetType().Name);
            throw DownstreamApiException.Unreachable(exception);
        }
    }

    /// <param name="claims">The claims of a challenge: a new exchange asks for them (past MSAL's cache and the header memo).</param>
    private Task<string> AuthorizationHeaderAsync(string[] scopes, bool forceRefresh, CancellationToken cancellationToken, string? claims = null) =>
        tokens.CreateAuthorizationHeaderForUserAsync(scopes, forceRefresh || claims is not null || _sessionKey is not null
            ? new AuthorizationHeaderProviderOptions
            {
                AcquireTokenOptions = new AcquireTokenOptions { ForceRefresh = forceRefresh, LongRunningWebApiSessionKey = _sessionKey, Claims = claims },
            }
            : null, cancellationToken: cancellationToken);

    /// <summary>The claims of a <c>WWW-Authenticate: Bearer</c> claims challenge (decoded JSON), or null.</summary>
    private static string? ClaimsChallengeOf(HttpResponseMessage response)
    {
        try
        {
            return WwwAuthenticateParameters.CreateFromAuthenticationHeaders(response.Headers, "Bearer") is { Claims: { Length: > 0 } claims } ? claims : null;
        }
        catch (FormatException)
        {
            return null; // an unreadable challenge is no challenge the user could satisfy
        }
    }

    private async Task<HttpResponseMessage?> InterpretAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        var method = response.RequestMessage?.Method.Method ?? "?";
        using (response)
        {
            switch (response.StatusCode)
            {
                case HttpStatusCode.NotFound:
                    return null;

                case HttpStatusCode.ServiceUnavailable:
                    LogDownstreamFailed(method, (int)response.StatusCode);
                    throw new DownstreamApiException(DownstreamApiFailure.Unavailable, "DownstreamApi answered 503.")
                    {
                        StatusCode = (int)response.StatusCode,
                        RetryAfter = RetryAfter.From(response.Headers.RetryAfter),
                    };

                case HttpStatusCode.BadRequest:
                    throw new DownstreamApiException(DownstreamApiFailure.RejectedRequest, "DownstreamApi rejected the request.")
                    {
                        StatusCode = (int)response.StatusCode,
                        Problem = await ReadProblemAsync(response, cancellationToken),
                    };

                default:
                    // 401 (even with a fresh token) and 403 mean FrontApi's OBO token was refused: FrontApi's problem, not the caller's.
                    LogDownstreamFailed(method, (int)response.StatusCode);
                    throw new DownstreamApiException(DownstreamApiFailure.BadGateway, $"DownstreamApi answered {(int)response.StatusCode}.")
                    {
                        StatusCode = (int)response.StatusCode,
                    };
            }
        }
    }

    private static HttpResponseMessage RequireFound(HttpResponseMessage? response) =>
        response ?? throw new DownstreamApiException(DownstreamApiFailure.BadGateway, "DownstreamApi answered 404 for a resource that always exists.")
        {
            StatusCode = StatusCodes.Status404NotFound,
        };

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(cancellationToken)
                ?? throw new JsonException("The body is JSON null.");
        }
        catch (JsonException exception)
        {
            throw new DownstreamApiException(DownstreamApiFailure.BadGateway, $"DownstreamApi's answer is not a valid {typeof(T).Name}.", exception);
        }
    }

    private static async Task<ProblemDetails?> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "DownstreamApi answered {StatusCode} to {Method}")]
    private partial void LogDownstreamFailed(string method, int statusCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "DownstreamApi refused the OBO token (401): acquiring a fresh one and retrying once")]
    private partial void LogTokenRefused();

    [LoggerMessage(Level = LogLevel.Information, Message = "DownstreamApi answered 401 with a claims challenge: a new OBO exchange with those claims, then retrying once")]
    private partial void LogClaimsChallengeRetried();

    [LoggerMessage(Level = LogLevel.Information, Message = "DownstreamApi answered 401 with a claims challenge: passing it on to the caller")]
    private partial void LogClaimsChallenge();

    [LoggerMessage(Level = LogLevel.Warning, Message = "DownstreamApi could not be reached for {Method}: {ExceptionType}")]
    private partial void LogDownstreamUnreachable(string method, string exceptionType);
}
