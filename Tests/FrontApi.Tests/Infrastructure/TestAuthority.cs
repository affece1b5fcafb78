using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.IdentityModel.Tokens;

namespace FrontApi.Tests.Infrastructure;

/// <summary>
/// The identity platform's metadata endpoints as FrontApi's HTTP clients reach them (JwtBearer's backchannel and
/// Identity.Web's issuer validator): the OpenID configuration and the signing keys of <see cref="UserTokens"/>, in
/// Entra's v2.0 shape. FrontApi's token validation runs unchanged on top.
/// </summary>
public sealed class TestAuthority(UserTokens tokens) : HttpMessageHandler
{
    public const string Instance = "https://login.microsoftonline.com/";

    private static readonly string TenantBase = $"{Instance}{UserTokens.TenantId}";

    /// <summary>Paths requested, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!.GetLeftPart(UriPartial.Path);
        Requests.Enqueue(request.RequestUri.AbsolutePath);
        if (url == $"{TenantBase}/v2.0/.well-known/openid-configuration")
        {
            return Task.FromResult(Json(new Dictionary<string, object>
            {
                ["issuer"] = UserTokens.Issuer,
                ["jwks_uri"] = $"{TenantBase}/discovery/v2.0/keys",
                ["authorization_endpoint"] = $"{TenantBase}/oauth2/v2.0/authorize",
                ["token_endpoint"] = $"{TenantBase}/oauth2/v2.0/token",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            }));
        }

        if (url == $"{TenantBase}/discovery/v2.0/keys")
        {
            var key = JsonWebKeyConverter.ConvertFromRSASecurityKey((RsaSecurityKey)tokens.SigningKey);
            return Task.FromResult(Json(new
            {
                keys = new[] { new { kty = key.Kty, use = "sig", kid = key.Kid, n = key.N, e = key.E } },
            }));
        }

        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
    }

    private static HttpResponseMessage Json(object body) => new(HttpStatusCode.OK) { Content = JsonContent.Create(body) };
}
