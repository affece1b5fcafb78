using System.Globalization;
using EntraEmulator.Protocol;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.Net.Http.Headers;

namespace EntraEmulator.Faults;

/// <summary>Applies the <see cref="TokenEndpointFault"/> set through <c>/_emulator/faults</c> to token requests.</summary>
public sealed class FaultInjectionFilter(EmulatorFaults faults) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var fault = faults.TokenEndpoint;
        var http = context.HttpContext;
        if (fault is null || !await AppliesToAsync(fault, http.Request))
        {
            return await next(context);
        }

        if (fault.DelayMilliseconds > 0)
        {
            await Task.Delay(fault.DelayMilliseconds, http.RequestAborted);
        }

        if (fault.StatusCode is not { } status)
        {
            return await next(context);
        }

        if (fault.RetryAfterSeconds is { } retryAfter)
        {
            http.Response.Headers[HeaderNames.RetryAfter] = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        // AADSTS90033 is what Entra answers for a transient failure.
        return new EntraErrorResult(new EntraError("temporarily_unavailable", 90033,
            "A transient error has occurred. Please try again.", status));
    }

    private static async Task<bool> AppliesToAsync(TokenEndpointFault fault, HttpRequest request)
    {
        if (fault.UserObjectId is null)
        {
            return true;
        }

        if (!request.HasFormContentType)
        {
            return false;
        }

        // Matching only: the grant validates the assertion properly afterwards.
        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        var handler = new JsonWebTokenHandler();
        return form["assertion"].ToString() is { Length: > 0 } assertion
            && handler.CanReadToken(assertion)
            && handler.ReadJsonWebToken(assertion).TryGetPayloadValue<string>("oid", out var oid)
            && string.Equals(oid, fault.UserObjectId, StringComparison.OrdinalIgnoreCase);
    }
}
