using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ServiceDefaults.Http;

/// <summary>
/// A body that is not JSON, has the wrong types, or is missing is the client's mistake: 400 problem details, not 500.
/// (In Development minimal APIs throw <see cref="BadHttpRequestException"/> for it instead of answering 400 themselves.)
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = badRequest.StatusCode,
                Detail = badRequest.StatusCode == StatusCodes.Status400BadRequest
                    ? "The request body is missing or is not valid JSON of the expected shape."
                    : null,
            },
        });
    }
}
