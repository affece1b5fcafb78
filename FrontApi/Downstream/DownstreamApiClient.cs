using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FrontApi.Http;
using FrontApi.Model;
using FrontApi.OnBehalfOf;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FrontApi.Downstream;

/// <summary>
/// DownstreamApi, called on behalf of the signed-in user. Each call asks Identity.Web for an Authorization header
/// with only the scopes it needs: the first time for a given incoming token that is an OBO exchange at the token
/// endpoint, afterwards MSAL serves the token from the cache (L1 memory, L2 Redis) until it needs refreshing.
/// </summary>
public sealed partial class DownstreamApiClient(
    HttpClient http,
    IDownstreamTokenProvider tokens,
    IOptions<DownstreamApiOptions> options,
    ILogger<DownstreamApiClient> logger)
{
    private string[] ReadScopes => options.Value.ReadScopes;
    private string[] WriteScopes => options.Value.WriteScopes;

    public async Task<UserProfile> GetMeAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "me"), ReadScopes, cancellationToken);
        return await ReadAsync<UserProfile>(RequireFound(response), cancellationToken);
    }

    public async Task<IReadOnlyList<TodoItem>> ListTodosAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "todos"), ReadScopes, cancellationToken);
        return await ReadAsync<List<TodoItem>>(RequireFound(response), cancellationToken);
    }

    /// <returns>Null when the user has no todo with this id.</returns>
    public async Task<TodoItem?> GetTodoAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"todos/{id}"), ReadScopes, cancellationToken);
        return response is null ? null : await ReadAsync<TodoItem>(response, cancellationToken);
    }

    public async Task<TodoItem> CreateTodoAsync(CreateTodoRequest todo, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "todos") { Content = JsonContent.Create(todo) };
        using var response = await SendAsync(request, WriteScopes, cancellationToken);
        return await ReadAsync<TodoItem>(RequireFound(response), cancellationToken);
    }

    /// <returns>Null when the user has no todo with this id.</returns>
    public async Task<TodoItem?> UpdateTodoAsync(Guid id, UpdateTodoRequest todo, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"todos/{id}") { Content = JsonContent.Create(todo) };
        using var response = await SendAsync(request, WriteScopes, cancellationToken);
        return response is null ? null : await ReadAsync<TodoItem>(response, cancellationToken);
    }

    /// <returns>False when the user has no todo with this id.</returns>
    public async Task<bool> DeleteTodoAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"todos/{id}"), WriteScopes, cancellationToken);
        return response is not null;
    }

    /// <returns>The successful response, or null for a 404; any other outcome throws <see cref="DownstreamApiException"/>.</returns>
    private async Task<HttpResponseMessage?> SendAsync(HttpRequestMessage request, string[] scopes, CancellationToken cancellationToken)
    {
        using (request)
        {
            request.Headers.Authorization = await tokens.GetAuthorizationHeaderAsync(scopes, cancellationToken);

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (Exception exception) when (TransientFailures.IsUnreachable(exception, cancellationToken))
            {
                LogDownstreamUnreachable(request.Method.Method, exception.GetType().Name);
                throw DownstreamApiException.Unreachable(exception);
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                switch (response.StatusCode)
                {
                    case HttpStatusCode.NotFound:
                        return null;

                    case HttpStatusCode.ServiceUnavailable:
                        LogDownstreamFailed(request.Method.Method, (int)response.StatusCode);
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
                        // 401/403 mean FrontApi's OBO token was refused: FrontApi's problem, not the caller's.
                        LogDownstreamFailed(request.Method.Method, (int)response.StatusCode);
                        throw new DownstreamApiException(DownstreamApiFailure.BadGateway, $"DownstreamApi answered {(int)response.StatusCode}.")
                        {
                            StatusCode = (int)response.StatusCode,
                        };
                }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "DownstreamApi could not be reached for {Method}: {ExceptionType}")]
    private partial void LogDownstreamUnreachable(string method, string exceptionType);
}
