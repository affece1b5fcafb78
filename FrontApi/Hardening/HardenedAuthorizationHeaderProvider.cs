using System.Security.Claims;
using FrontApi.Failures;
using FrontApi.Http;
using Microsoft.Identity.Abstractions;

namespace FrontApi.Hardening;

/// <summary>
/// Identity.Web's <see cref="IAuthorizationHeaderProvider"/>, with what a production middle tier adds around it — one
/// decorator, one key (<see cref="TokenRequestKey"/>):
/// <list type="bullet">
/// <item>the header memo: a header MSAL would serve from its cache is served without asking MSAL (<see cref="HeaderMemo"/>);</item>
/// <item>single flight: concurrent requests for the same caller's token and scopes share one acquisition (<see cref="SingleFlight"/>);</item>
/// <item>a bounded wait: a token endpoint that never answers becomes a 503 after <see cref="MaxWait"/>, not a hung request;</item>
/// <item>every acquisition traced and counted (<see cref="TokenAcquisitionTelemetry"/>), with where MSAL found the token.</item>
/// </list>
/// Retry-After per application is the other half, in MSAL's HTTP pipeline (<see cref="TokenEndpointThrottle"/>). Only a
/// request's own On-Behalf-Of exchange is memoized and coalesced; a long-running session (a job) or an explicit principal
/// goes straight to Identity.Web, traced; a claims request (a resource's claims challenge) too, after the memo forgot
/// the header the resource refused.
/// </summary>
public sealed partial class HardenedAuthorizationHeaderProvider(
    IAuthorizationHeaderProvider identityWeb,
    HeaderMemo memo,
    SingleFlight flights,
    TokenAcquisitionTelemetry telemetry,
    DownstreamApiNames apis,
    IHttpContextAccessor httpContextAccessor,
    TimeProvider time,
    ILogger<HardenedAuthorizationHeaderProvider> logger) : IAuthorizationHeaderProvider, IAuthorizationHeaderProvider2
{
    /// <summary>The longest a caller waits for a token (documented in the README's reliability section).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    private readonly IAuthorizationHeaderProvider2 _identityWeb = identityWeb as IAuthorizationHeaderProvider2
        ?? throw new InvalidOperationException("Identity.Web's header provider gives no token metadata (IAuthorizationHeaderProvider2).");

    public async Task<string> CreateAuthorizationHeaderForUserAsync(
        IEnumerable<string> scopes, AuthorizationHeaderProviderOptions? options = null, ClaimsPrincipal? claimsPrincipal = null, CancellationToken cancellationToken = default) =>
        (await ForUserAsync(scopes as IReadOnlyList<string> ?? [.. scopes], options, claimsPrincipal, cancellationToken)).AuthorizationHeaderValue ?? "";

    public async Task<OperationResult<AuthorizationHeaderInformation, AuthorizationHeaderError>> CreateAuthorizationHeaderInformationForUserAsync(
        IEnumerable<string> scopes, AuthorizationHeaderProviderOptions? options = null, ClaimsPrincipal? claimsPrincipal = null, CancellationToken cancellationToken = default) =>
        new(await ForUserAsync(scopes as IReadOnlyList<string> ?? [.. scopes], options, claimsPrincipal, cancellationToken));

    // App tokens (the readiness check) and the generic entry points: Identity.Web's, untouched.
    public Task<string> CreateAuthorizationHeaderForAppAsync(string scopes, AuthorizationHeaderProviderOptions? options = null, CancellationToken cancellationToken = default) =>
        identityWeb.CreateAuthorizationHeaderForAppAsync(scopes, options, cancellationToken);

    public Task<string> CreateAuthorizationHeaderAsync(
        IEnumerable<string> scopes, AuthorizationHeaderProviderOptions? options = null, ClaimsPrincipal? claimsPrincipal = null, CancellationToken cancellationToken = default) =>
        identityWeb.CreateAuthorizationHeaderAsync(scopes, options, claimsPrincipal, cancellationToken);

    public Task<OperationResult<AuthorizationHeaderInformation, AuthorizationHeaderError>> CreateAuthorizationHeaderInformationForAppAsync(
        string scopes, AuthorizationHeaderProviderOptions? options = null, CancellationToken cancellationToken = default) =>
        _identityWeb.CreateAuthorizationHeaderInformationForAppAsync(scopes, options, cancellationToken);

    public Task<OperationResult<AuthorizationHeaderInformation, AuthorizationHeaderError>> CreateAuthorizationHeaderInformationAsync(
        IEnumerable<string> scopes, AuthorizationHeaderProviderOptions? options = null, ClaimsPrincipal? claimsPrincipal = null, CancellationToken cancellationToken = default) =>
        _identityWeb.CreateAuthorizationHeaderInformationAsync(scopes, options, claimsPrincipal, cancellationToken);

    private async ValueTask<AuthorizationHeaderInformation> ForUserAsync(
        IReadOnlyList<string> scopes, AuthorizationHeaderProviderOptions? options, ClaimsPrincipal? claimsPrincipal, CancellationToken cancellationToken)
    {
        var api = apis.Of(scopes);
        var acquire = options?.AcquireTokenOptions;
        var key = acquire?.LongRunningWebApiSessionKey is null && claimsPrincipal is null
            ? TokenRequestKey.ForRequest(httpContextAccessor.HttpContext, scopes)
            : null;
        if (key is { } challenged && !string.IsNullOrEmpty(acquire?.Claims))
        {
            // A resource refused the header with a claims challenge: the memo must never serve it again, so it goes now,
            // whatever the new exchange gives; a new header, once had, is what MSAL's cache holds too.
            memo.Forget(challenged);
            var renewed = await AcquireAsync(api, scopes, options, null, longRunning: false, cancellationToken);
            memo.Remember(challenged, renewed);
            return renewed;
        }

        if (key is not { } request || !string.IsNullOrEmpty(acquire?.Claims))
        {
            return await AcquireAsync(api, scopes, options, claimsPrincipal, longRunning: acquire?.LongRunningWebApiSessionKey is not null, cancellationToken);
        }

        var forceRefresh = acquire?.ForceRefresh == true;
        if (forceRefresh)
        {
            memo.Forget(request);
        }
        else if (memo.TryGet(request) is { } remembered)
        {
            using var hit = telemetry.Start(api, scopes);
            hit.Succeeded(TokenAcquisitionTelemetry.Sources.L1Cache);
            return remembered;
        }

        // Shared by every caller with this key; it runs without any one caller's cancellation, each waits with its own.
        var flight = flights.RunAsync(request with { ForceRefresh = forceRefresh }, async () =>
        {
            var header = await AcquireAsync(api, scopes, options, null, longRunning: false, CancellationToken.None);
            memo.Remember(request, header);
            return header;
        }, cancellationToken);

        try
        {
            return await flight.WaitAsync(MaxWait, time, cancellationToken);
        }
        catch (TimeoutException exception)
        {
            LogTokenWaitTimedOut((int)MaxWait.TotalSeconds);
            throw new IdentityPlatformException(IdentityPlatformFailure.TimedOut, "The identity platform did not answer in time.", exception);
        }
    }

    private async Task<AuthorizationHeaderInformation> AcquireAsync(
        string api, IReadOnlyList<string> scopes, AuthorizationHeaderProviderOptions? options, ClaimsPrincipal? claimsPrincipal, bool longRunning, CancellationToken cancellationToken)
    {
        using var acquisition = telemetry.Start(api, scopes);
        if (longRunning)
        {
            acquisition.LongRunning();
        }

        try
        {
            var result = await _identityWeb.CreateAuthorizationHeaderInformationForUserAsync(scopes, options, claimsPrincipal, cancellationToken);
            var header = result.Succeeded ? result.Result : throw new InvalidOperationException($"Identity.Web gave no header: {result.Error?.Code}", result.Error?.Exception);
            acquisition.Succeeded(header.Metadata);
            LogAcquired(acquisition.Source == TokenAcquisitionTelemetry.Sources.IdentityProvider ? LogLevel.Information : LogLevel.Debug,
                api, acquisition.Source!, acquisition.Elapsed.TotalMilliseconds);
            return header;
        }
        catch (Exception exception)
        {
            acquisition.Failed(exception);
            if (TransientFailures.IsUnreachable(exception, cancellationToken))
            {
                LogAuthorityUnreachable(exception.GetType().Name);
                throw new IdentityPlatformException(IdentityPlatformFailure.Unreachable, "The identity platform could not be reached.", exception);
            }

            throw;
        }
    }

    [LoggerMessage(Message = "Token for {DownstreamApi} acquired from {TokenSource} in {ElapsedMilliseconds:0.0} ms")]
    private partial void LogAcquired(LogLevel level, string downstreamApi, string tokenSource, double elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The identity platform could not be reached for the OBO exchange: {ExceptionType}")]
    private partial void LogAuthorityUnreachable(string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No token from the identity platform within {Seconds} s; answering 503")]
    private partial void LogTokenWaitTimedOut(int seconds);
}
