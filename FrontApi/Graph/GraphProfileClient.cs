using FrontApi.Model;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;

namespace FrontApi.Graph;

/// <summary>Microsoft Graph, called with the Graph SDK on behalf of the signed-in user: the caller's <c>/me</c> profile.</summary>
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
            throw new GraphCallException(error.ResponseStatusCode, error.Error?.Code, $"Microsoft Graph answered {error.ResponseStatusCode}.", error);
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
}
