namespace EntraEmulator.Protocol;

/// <summary>MSAL sends <c>client-request-id</c>; Entra echoes it as the correlation id so client and server logs line up.</summary>
public static class RequestCorrelation
{
    public const string HeaderName = "client-request-id";

    public static string IdFor(HttpContext context)
    {
        if (context.Items.TryGetValue(HeaderName, out var cached) && cached is string id)
        {
            return id;
        }

        var header = context.Request.Headers[HeaderName].ToString();
        id = Guid.TryParse(header, out var parsed) ? parsed.ToString("D") : Guid.NewGuid().ToString("D");
        context.Items[HeaderName] = id;
        return id;
    }
}
