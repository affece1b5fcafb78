using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Identity.Web;
using Microsoft.Net.Http.Headers;

namespace FrontApi.OnBehalfOf;

/// <summary>
/// Keys for in-memory bookkeeping of token requests. They never contain a token: the incoming assertion is hashed
/// (SHA-256), scopes are sorted so that the same set gives the same key.
/// </summary>
internal static class TokenRequestKeys
{
    /// <summary>One OBO exchange: the incoming assertion (hashed) and the requested scopes. Null without a bearer token.</summary>
    public static string? ForAssertion(HttpContext? httpContext, string[] scopes)
    {
        var authorization = httpContext?.Request.Headers[HeaderNames.Authorization].ToString();
        const string bearer = "Bearer ";
        if (authorization is null || !authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[bearer.Length..].Trim()));
        return $"{Convert.ToHexString(hash)}|{Join(scopes)}";
    }

    /// <summary>One user (tenant id + object id, not secret) and the requested scopes. Null for an anonymous caller.</summary>
    public static string? ForUser(ClaimsPrincipal? user, string[] scopes)
    {
        var objectId = user?.GetObjectId();
        return string.IsNullOrEmpty(objectId) ? null : $"{user!.GetTenantId()}|{objectId}|{Join(scopes)}";
    }

    private static string Join(string[] scopes) => string.Join(' ', scopes.Order(StringComparer.Ordinal));
}
