namespace EntraEmulator.Protocol;

/// <summary>Token responses (and their errors) must never be cached by intermediaries (RFC 6749 §5.1).</summary>
public static class TokenResponseHeaders
{
    public static void Apply(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        response.Headers[RequestCorrelation.HeaderName] = RequestCorrelation.IdFor(response.HttpContext);
    }
}
