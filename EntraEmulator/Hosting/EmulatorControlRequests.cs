namespace EntraEmulator.Hosting;

/// <summary>
/// One rule for every state-changing request to the emulator's own endpoints (<c>/_emulator/*</c>, development only):
/// it must carry the header <c>X-Emulator-Control</c>. Any web page the developer opens may send a cross-origin POST
/// with a form or text/plain body without asking first (a CORS "simple request"); a custom header makes the browser ask
/// first (a preflight), and the emulator grants no CORS on these paths, so no page can fault, reconfigure or revoke it.
/// </summary>
public static class EmulatorControlRequests
{
    public const string HeaderName = "X-Emulator-Control";

    private const string PathPrefix = "/_emulator";

    public static WebApplication UseEmulatorControlHeader(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (IsStateChanging(context.Request) && string.IsNullOrWhiteSpace(context.Request.Headers[HeaderName]))
            {
                await Results.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: $"The header {HeaderName} is required",
                    detail: $"Requests that change the emulator's state need the header '{HeaderName}: 1', which a web page cannot send cross-origin.")
                    .ExecuteAsync(context);
                return;
            }

            await next(context);
        });
        return app;
    }

    private static bool IsStateChanging(HttpRequest request) =>
        request.Path.StartsWithSegments(PathPrefix)
        && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method);
}
