using EntraEmulator.Diagnostics;
using EntraEmulator.Protocol;
using Microsoft.AspNetCore.Diagnostics;

namespace EntraEmulator.Hosting;

/// <summary>
/// Callers of an authority parse its errors as JSON, so nothing the emulator serves is an HTML page or a stack trace:
/// unexpected exceptions and unknown routes get Entra-shaped errors too.
/// </summary>
public static class EntraErrorHandling
{
    public static WebApplication UseEntraErrors(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = async context =>
            {
                var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                if (exception is not null)
                {
                    app.Logger.UnexpectedFailure(exception, context.Request.Path);
                }

                await new EntraErrorResult(EntraError.ServerError()).ExecuteAsync(context);
            },
        });

        return app;
    }

    public static IEndpointRouteBuilder MapEntraFallback(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapFallback("{*path}", (HttpContext context) =>
            new EntraErrorResult(EntraError.EndpointNotFound(context.Request.Path)));
        return endpoints;
    }
}
