using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FrontApi.Tests.Infrastructure;

/// <summary>
/// The identity platform's endpoints as FrontApi's HTTP clients reach them, Entra v2.0-shaped: the OpenID configuration
/// and the signing keys of <see cref="UserTokens"/> (JwtBearer, the issuer validator), instance discovery and the token
/// endpoint (MSAL). <see cref="TokenEndpoint"/> answers token requests; by default it issues a token for the requested
/// scopes, as the On-Behalf-Of and client-credentials grants do.
/// </summary>
public sealed class TestAuthority(UserTokens tokens) : HttpMessageHandler
{
    public const string Instance = "https://login.microsoftonline.com/";
    public const string OnBehalfOfGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private static readonly string TenantBase = $"{Instance}{UserTokens.TenantId}";
    private int _issued;

    /// <summary>Paths requested, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The form of every token request received, in order.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> TokenRequests { get; } = new();

    /// <summary>On-Behalf-Of requests received whose assertion is a token of <paramref name="oid"/>.</summary>
    public int OnBehalfOfRequestsFor(string oid) => TokenRequests.Count(form =>
        form.GetValueOrDefault("grant_type") == OnBehalfOfGrant && new JsonWebToken(form["assertion"]).GetClaim("oid").Value == oid);

    /// <summary>Answers a token request; null: <see cref="Issue"/>.</summary>
    public Func<IReadOnlyDictionary<string, string>, CancellationToken, Task<HttpResponseMessage>>? TokenEndpoint { get; set; }

    /// <summary>A successful token response for the request's resource scopes.</summary>
    public HttpResponseMessage Issue(IReadOnlyDictionary<string, string> form)
    {
        var requested = form.GetValueOrDefault("scope", "").Split(' ');
        var scopes = string.Join(' ', requested.Where(scope => scope.StartsWith("api://", StringComparison.Ordinal)));
        var answer = new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["access_token"] = $"downstream-token-{Interlocked.Increment(ref _issued)}",
            ["expires_in"] = 3600,
            ["ext_expires_in"] = 3600,
            ["scope"] = scopes,
        };

        // As Entra: a user's token request asking for offline_access (MSAL always does) also gets a refresh token, which
        // a long-running session redeems later (grant_type=refresh_token, answered here the same way).
        if (requested.Contains("offline_access") && form.GetValueOrDefault("grant_type") is OnBehalfOfGrant or "refresh_token")
        {
            answer["refresh_token"] = $"refresh-token-{Interlocked.Increment(ref _issued)}";
        }

        return Json(answer);
    }

    /// <summary>An Entra-shaped error response.</summary>
    public static HttpResponseMessage Error(HttpStatusCode status, string error, string description, TimeSpan? retryAfter = null)
    {
        var response = Json(new Dictionary<string, object>
        {
            ["error"] = error,
            ["error_description"] = description,
            ["error_codes"] = new[] { int.Parse(description[6..description.IndexOf(':')]) },
            ["timestamp"] = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ssZ"),
            ["trace_id"] = Guid.NewGuid(),
            ["correlation_id"] = Guid.NewGuid(),
        }, status);
        if (retryAfter is { } delay)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(delay);
        }

        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!.GetLeftPart(UriPartial.Path);
        Requests.Enqueue(request.RequestUri.AbsolutePath);
        if (url == $"{TenantBase}/v2.0/.well-known/openid-configuration")
        {
            return Json(new Dictionary<string, object>
            {
                ["issuer"] = UserTokens.Issuer,
                ["jwks_uri"] = $"{TenantBase}/discovery/v2.0/keys",
                ["authorization_endpoint"] = $"{TenantBase}/oauth2/v2.0/authorize",
                ["token_endpoint"] = $"{TenantBase}/oauth2/v2.0/token",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            });
        }

        if (url == $"{TenantBase}/discovery/v2.0/keys")
        {
            var key = JsonWebKeyConverter.ConvertFromRSASecurityKey((RsaSecurityKey)tokens.SigningKey);
            return Json(new { keys = new[] { new { kty = key.Kty, use = "sig", kid = key.Kid, n = key.N, e = key.E } } });
        }

        if (url.EndsWith("/discovery/instance", StringComparison.Ordinal))
        {
            return Json(new Dictionary<string, object>
            {
                ["tenant_discovery_endpoint"] = $"{TenantBase}/v2.0/.well-known/openid-configuration",
                ["api-version"] = "1.1",
                ["metadata"] = new[] { new { preferred_network = "login.microsoftonline.com", preferred_cache = "login.windows.net", aliases = new[] { "login.microsoftonline.com", "login.windows.net" } } },
            });
        }

        if (request.Method == HttpMethod.Post && url == $"{TenantBase}/oauth2/v2.0/token")
        {
            var form = QueryHelpers.ParseQuery(await request.Content!.ReadAsStringAsync(cancellationToken))
                .ToDictionary(field => field.Key, field => field.Value.ToString());
            TokenRequests.Enqueue(form);
            return TokenEndpoint is null ? Issue(form) : await TokenEndpoint(form, cancellationToken);
        }

        return new HttpResponseMessage(HttpStatusCode.NotFound);
    }

    private static HttpResponseMessage Json(object body, HttpStatusCode status = HttpStatusCode.OK) => new(status) { Content = JsonContent.Create(body) };
}
