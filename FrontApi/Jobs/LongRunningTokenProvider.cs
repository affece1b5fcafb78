using System.Diagnostics;
using System.Net.Http.Headers;
using FrontApi.Http;
using FrontApi.OnBehalfOf;
using Microsoft.Identity.Web;

namespace FrontApi.Jobs;

/// <summary>
/// Tokens from a long-running On-Behalf-Of session (Microsoft.Identity.Web's
/// <see cref="TokenAcquisitionOptions.LongRunningWebApiSessionKey"/>). Inside the request that starts a job, the user's
/// incoming token is exchanged once (MSAL <c>InitiateLongRunningProcessInWebApi</c>) and the tokens, refresh token
/// included, are cached under the session key; in the job, with no request and no user token, MSAL serves them from
/// the cache or redeems the refresh token (<c>AcquireTokenInLongRunningProcess</c>) — never a new OBO exchange with
/// the user's token, which has long expired. Traced like every acquisition (<see cref="TokenAcquisitionTelemetry"/>).
/// </summary>
public sealed class LongRunningTokenProvider(
    ITokenAcquisition tokenAcquisition,
    TokenAcquisitionTelemetry telemetry,
    string downstreamApi,
    string sessionKey) : IDownstreamTokenProvider
{
    /// <summary>Attribute on the acquisition span: the token came through a long-running session.</summary>
    public const string LongRunningAttribute = "aspireobo.token.long_running";

    public async Task<AuthenticationHeaderValue> GetAuthorizationHeaderAsync(string[] scopes, bool forceRefresh, CancellationToken cancellationToken)
    {
        using var acquisition = telemetry.Start(downstreamApi, scopes);
        Activity.Current?.SetTag(LongRunningAttribute, true);
        try
        {
            var result = await tokenAcquisition.GetAuthenticationResultForUserAsync(scopes, tokenAcquisitionOptions: new TokenAcquisitionOptions
            {
                CancellationToken = cancellationToken,
                ForceRefresh = forceRefresh, // in the job: redeem the session's refresh token rather than use the cached token
                LongRunningWebApiSessionKey = sessionKey,
            });
            acquisition.Succeeded(result);
            return AuthenticationHeaderValue.Parse(result.CreateAuthorizationHeader());
        }
        catch (Exception exception)
        {
            acquisition.Failed(exception);
            if (TransientFailures.IsUnreachable(exception, cancellationToken))
            {
                throw new IdentityPlatformException(IdentityPlatformFailure.Unreachable, "The identity platform could not be reached.", exception);
            }

            throw;
        }
    }
}
