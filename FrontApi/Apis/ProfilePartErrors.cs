using FrontApi.Downstream;
using FrontApi.Graph;
using FrontApi.Model;
using FrontApi.OnBehalfOf;
using Microsoft.Identity.Client;
using Microsoft.Identity.Web;

namespace FrontApi.Apis;

/// <summary>
/// What the caller is told about a part of <c>/api/profile</c> that failed, in the terms the whole request would use
/// (see <see cref="DownstreamCallExceptionHandler"/>): codes and statuses only, never the downstream's own text.
/// </summary>
internal static class ProfilePartErrors
{
    /// <returns>Null for a failure that is not a downstream one (a bug, a cancelled request): let it propagate.</returns>
    public static ProfilePartError? Describe(Exception exception, string api) => exception switch
    {
        MicrosoftIdentityWebChallengeUserException or MsalUiRequiredException => new(StatusCodes.Status403Forbidden, "Sign-in required",
            $"No token for {api} without the user: sign in again (consent, Conditional Access or an expired session), then retry."),
        MsalServiceException { StatusCode: >= 500 or 429 } or IdentityPlatformException => new(StatusCodes.Status503ServiceUnavailable, "Identity platform unavailable",
            $"No token for {api} could be obtained right now. Retry later."),
        MsalServiceException service => new(StatusCodes.Status500InternalServerError, "Token refused",
            $"The identity platform refused a token for {api} ({service.ErrorCode}): a configuration problem of this service."),
        DownstreamApiException { Failure: DownstreamApiFailure.Unavailable } => new(StatusCodes.Status503ServiceUnavailable, "Unavailable", $"{api} is temporarily unavailable. Retry later."),
        DownstreamApiException { Failure: DownstreamApiFailure.Timeout } => new(StatusCodes.Status504GatewayTimeout, "Timeout", $"{api} did not answer in time."),
        DownstreamApiException => new(StatusCodes.Status502BadGateway, "Bad gateway", $"{api} could not complete the request."),
        GraphCallException graph => new(StatusCodes.Status502BadGateway, "Bad gateway",
            graph.GraphErrorCode is { } code ? $"{api} answered {graph.StatusCode} ({code})." : $"{api} answered {graph.StatusCode}."),
        _ => null,
    };
}
