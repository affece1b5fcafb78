using FrontApi.Model;
using Microsoft.Identity.Client;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;

namespace FrontApi.Graph;

/// <summary>
/// Microsoft Graph, called with the Graph SDK on behalf of the signed-in user: the caller's <c>/me</c> profile. Graph is
/// a Continuous Access Evaluation resource: FrontApi declares <c>cp1</c>, gets long-lived tokens, and Graph answers a
/// revoked one with a claims challenge. The SDK (Kiota's request adapter) then asks <see cref="GraphAccessTokenProvider"/>
/// once for a token with those claims (a new OBO exchange, past every cache) and sends the call again; a challenge after
/// that, or an exchange only the user can satisfy, goes to the caller (FrontApi/Failures), never round again.
/// </summary>
public sealed partial class GraphProfileClient(GraphServiceClient graph, ILogger<GraphProfileClient> logger)
{
    public async Task<GraphProfile> GetMeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var me = await graph.Me.GetAsync(cancellationToken: cancellationToken)
                ?? throw new GraphCallException(StatusCodes.Status502BadGateway, "empty", "Microsoft Graph answered with no user.");
            return new GraphProfile(me.Id ?? "", me.DisplayName, me.GivenName, me.Surname, me.Mail, me.UserPrincipalName, me.JobTitle, me.OfficeLocation, me.PreferredLanguage);
        }
        catch (ODataError error)
        {
            // Graph's error code (e.g. Authorization_RequestDenied) is kept; its message may echo request content.
            LogGraphFailed(error.ResponseStatusCode, error.Error?.Code);
            throw new GraphCallException(error.ResponseStatusCode, error.Error?.Code, $"Microsoft Graph answered {error.ResponseStatusCode}.", error)
            {
                Claims = ClaimsChallengeOf(error),
            };
        }
        catch (ApiException error)
        {
            LogGraphFailed(error.ResponseStatusCode, null);
            throw new GraphCallException(error.ResponseStatusCode, null, $"Microsoft Graph answered {error.ResponseStatusCode}.", error);
        }
        catch (HttpRequestException error)
        {
            LogGraphUnreachable(error.GetType().Name);
            throw new GraphCallException(StatusCodes.Status502BadGateway, "unreachable", "Microsoft Graph could not be reached.", error);
        }
    }

    /// <summary>The claims of a 401's <c>WWW-Authenticate: Bearer … claims="…"</c> (decoded JSON), or null.</summary>
    private static string? ClaimsChallengeOf(ApiException error)
    {
        var values = error.ResponseHeaders
            .FirstOrDefault(header => string.Equals(header.Key, "WWW-Authenticate", StringComparison.OrdinalIgnoreCase)).Value;
        if (error.ResponseStatusCode != StatusCodes.Status401Unauthorized || values is null)
        {
            return null;
        }

        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.Unauthorized);
        foreach (var value in values)
        {
            response.Headers.TryAddWithoutValidation("WWW-Authenticate", value);
        }

        try
        {
            return WwwAuthenticateParameters.GetClaimChallengeFromResponseHeaders(response.Headers) is { Length: > 0 } claims ? claims : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Microsoft Graph answered {StatusCode} ({GraphErrorCode})")]
    private partial void LogGraphFailed(int statusCode, string? graphErrorCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Microsoft Graph could not be reached: {ExceptionType}")]
    private partial void LogGraphUnreachable(string exceptionType);
}

/// <summary>A call to Microsoft Graph failed (its answer or the network); the token for it fails with MSAL's exceptions.</summary>
public sealed class GraphCallException(int statusCode, string? graphErrorCode, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>Graph's HTTP status (502 when it could not be reached).</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>Graph's own error code (<c>error.code</c>), if it gave one.</summary>
    public string? GraphErrorCode { get; } = graphErrorCode;

    /// <summary>The claims of Graph's claims challenge (JSON), when it refused the token with one even after a new exchange.</summary>
    public string? Claims { get; init; }
}
