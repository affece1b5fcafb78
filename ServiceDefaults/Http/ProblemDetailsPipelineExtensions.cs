using Microsoft.AspNetCore.Builder;

namespace Microsoft.Extensions.Hosting;

public static class ProblemDetailsPipelineExtensions
{
    /// <summary>
    /// Every error response is RFC 9457 problem details: unhandled exceptions become a 500 without internals,
    /// and bodiless 4xx/5xx responses (the 401/403 of the JWT bearer handler, 404s, 405s) get a problem body.
    /// </summary>
    public static WebApplication UseProblemDetailsErrors(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
