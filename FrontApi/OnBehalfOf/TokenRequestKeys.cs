using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace FrontApi.OnBehalfOf;

/// <summary>
/// Keys for in-memory bookkeeping of token requests. They never contain a token: the incoming assertion is hashed
/// (SHA-256), scopes are sorted so that the same set gives the same key.
/// </summary>
internal static class TokenRequestKeys
{
    /// <summary>One OBO exchange: the incoming assertion (hashed), the requested scopes, and whether it bypasses the cache. Null without a bearer token.</summary>
    public static string? ForAssertion(HttpContext? httpContext, string[] scopes, bool forceRefresh = false)
    {
        var authorization = httpContext?.Request.Headers[HeaderNames.Authorization].ToString();
        const string bearer = "Bearer ";
        if (authorization is null || !authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[bearer.Length..].Trim()));
        return $"{Convert.ToHexString(hash)}|{Join(scopes)}{(forceRefresh ? "|refresh" : "")}";
    }

    private static string Join(string[] scopes) => string.Join(' ', scopes.Order(StringComparer.Ordinal));
}
