using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace FrontApi.Hardening;

/// <summary>
/// The one key of a request's token: the caller's incoming token (its SHA-256, never the token) and the scopes as a set
/// (sorted, so another order is the same key). The header memo and the single flights both use it; the
/// forced-refresh flight is told apart by <see cref="ForceRefresh"/>.
/// </summary>
public readonly record struct TokenRequestKey(UInt128 Low, UInt128 High, string Scopes, bool ForceRefresh = false)
{
    private const string Bearer = "Bearer ";
    private const int StackHashLimit = 8 * 1024;

    /// <summary>The key of this request's On-Behalf-Of token for <paramref name="scopes"/>; null without a bearer token.</summary>
    public static TokenRequestKey? ForRequest(HttpContext? httpContext, IReadOnlyList<string> scopes)
    {
        var authorization = httpContext?.Request.Headers.Authorization.ToString();
        if (authorization is null || !authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return Of(authorization.AsSpan(Bearer.Length).Trim(), scopes);
    }

    public static TokenRequestKey Of(ReadOnlySpan<char> incomingToken, IReadOnlyList<string> scopes)
    {
        // Exactly sized (a token is ASCII, ~1.5 KB): a fixed 8 KB buffer would be zeroed on every call.
        var length = Encoding.UTF8.GetByteCount(incomingToken);
        var rented = length > StackHashLimit ? ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            Span<byte> utf8 = rented ?? stackalloc byte[length];
            var written = Encoding.UTF8.GetBytes(incomingToken, utf8);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(utf8[..written], hash);
            return new TokenRequestKey(BitConverter.ToUInt128(hash[..16]), BitConverter.ToUInt128(hash[16..]), ScopeSet(scopes));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static string ScopeSet(IReadOnlyList<string> scopes) => scopes.Count == 1
        ? scopes[0]
        : string.Join(' ', scopes.Order(StringComparer.Ordinal));
}
