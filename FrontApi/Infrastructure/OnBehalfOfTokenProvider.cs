using System.Net.Http.Headers;
using Microsoft.Identity.Abstractions;

namespace FrontApi.Infrastructure;

/// <summary>
/// Microsoft.Identity.Web's token acquisition: the first call for an incoming token exchanges it On-Behalf-Of the
/// user at the token endpoint; later calls are served by MSAL from the token cache (L1 memory, L2 Redis) until the
/// token needs refreshing.
/// </summary>
public sealed partial class OnBehalfOfTokenProvider(
    IAuthorizationHeaderProvider authorizationHeaders,
    ILogger<OnBehalfOfTokenProvider> logger) : IDownstreamTokenProvider
{
    public async Task<AuthenticationHeaderValue> GetAuthorizationHeaderAsync(string[] scopes, CancellationToken cancellationToken)
    {
        string header;
        try
        {
            // No principal given: in a web API, Identity.Web takes the incoming (validated) token from the current request.
            header = await authorizationHeaders.CreateAuthorizationHeaderForUserAsync(scopes, cancellationToken: cancellationToken);
        }
        catch (Exception exception) when (TransientFailures.IsUnreachable(exception, cancellationToken))
        {
            LogAuthorityUnreachable(exception.GetType().Name);
            throw new DownstreamApiException(DownstreamFailure.AuthorityUnreachable, "The identity platform could not be reached.", exception);
        }

        return AuthenticationHeaderValue.Parse(header);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The identity platform could not be reached for the OBO exchange: {ExceptionType}")]
    private partial void LogAuthorityUnreachable(string exceptionType);
}
