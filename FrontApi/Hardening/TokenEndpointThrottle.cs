using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FrontApi.Http;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;

namespace FrontApi.Hardening;

/// <summary>
/// Throttling as Entra applies it, per application: after the token endpoint answers 429 (or 503 with Retry-After),
/// FrontApi sends it no token request for that client and tenant, for any user, until Retry-After has passed. It sits
/// in MSAL's HTTP pipeline, so it only sees requests MSAL actually sends: tokens MSAL serves from its cache are
/// unaffected. A held-back request is answered here with a 429 and the remaining Retry-After, which MSAL reports as
/// the token endpoint's own (<c>MsalServiceException</c>, status 429), so callers get 503 with Retry-After.
/// </summary>
public sealed partial class TokenEndpointThrottle(
    TokenEndpointBackoff backoff,
    IOptionsMonitor<MicrosoftIdentityOptions> identityOptions,
    ILogger<TokenEndpointThrottle> logger) : DelegatingHandler
{
    private const string TokenPathSuffix = "/oauth2/v2.0/token";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Post || request.RequestUri is not { } uri
            || !uri.AbsolutePath.EndsWith(TokenPathSuffix, StringComparison.OrdinalIgnoreCase))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var application = ApplicationKey(uri);
        if (backoff.RemainingFor(application) is { } remaining)
        {
            return HeldBack(remaining);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (IsThrottling(response))
        {
            var retryAfter = RetryAfter.From(response.Headers.RetryAfter);
            backoff.BackOff(application, retryAfter);
            LogThrottled((int)response.StatusCode, (int)retryAfter.TotalSeconds);
        }

        return response;
    }

    /// <summary>FrontApi's client id and the tenant in the token endpoint's path: one application in one tenant.</summary>
    private string ApplicationKey(Uri tokenEndpoint)
    {
        var clientId = identityOptions.Get(JwtBearerDefaults.AuthenticationScheme).ClientId;
        var tenant = tokenEndpoint.AbsolutePath[..^TokenPathSuffix.Length].TrimEnd('/');
        return $"{clientId}|{tenant[(tenant.LastIndexOf('/') + 1)..].ToLowerInvariant()}";
    }

    private static bool IsThrottling(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.TooManyRequests
        || (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null);

    private static HttpResponseMessage HeldBack(TimeSpan remaining)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
        {
            Content = new StringContent(
                """{"error":"temporarily_unavailable","error_description":"Held back by FrontApi: the token endpoint asked this application to wait (Retry-After)."}""",
                Encoding.UTF8, "application/json"),
        };
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(Math.Ceiling(remaining.TotalSeconds)));
        return response;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token endpoint throttled (HTTP {StatusCode}); no token request for this application for {Seconds} s")]
    private partial void LogThrottled(int statusCode, int seconds);
}
