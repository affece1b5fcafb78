using System.Security.Cryptography;
using System.Text;

namespace FrontApi.OnBehalfOf;

/// <summary>
/// Keys for in-memory bookkeeping of token requests. They never contain a token: the incoming assertion is hashed
/// (SHA-256), scopes are sorted so that the same set gives the same key.
/// </summary>
internal static class TokenRequestKeys
{
    private const string Bearer = "Bearer ";

    /// <summary>One OBO exchange: the incoming assertion (hashed), the requested scopes, and whether it bypasses the cache. Null without a bearer token.</summary>
    public static string? ForAssertion(HttpContext? httpContext, string[] scopes, bool forceRefresh = false)
    {
        if (!TryGetIncomingToken(httpContext, out var token))
        {
            return null;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(token.ToString()));
        return $"{Convert.ToHexString(hash)}|{Join(scopes)}{(forceRefresh ? "|refresh" : "")}";
    }

    /// <summary>The caller's bearer token, as it came in (FrontApi's authentication has validated it), without copying it.</summary>
    public static bool TryGetIncomingToken(HttpContext? httpContext, out ReadOnlyMemory<char> token)
    {
        var authorization = httpContext?.Request.Headers.Authorization.ToString();
        if (authorization is null || !authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            token = default;
            return false;
        }

        token = authorization.AsMemory(Bearer.Length).Trim();
        return true;
    }

    private static string Join(string[] scopes) => string.Join(' ', scopes.Order(StringComparer.Ordinal));
}
