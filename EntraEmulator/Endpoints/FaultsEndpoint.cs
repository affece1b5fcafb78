using System.ComponentModel.DataAnnotations;
using EntraEmulator.Faults;

namespace EntraEmulator.Endpoints;

/// <summary>
/// <c>/_emulator/faults</c>, development only: <c>PUT</c> a <see cref="TokenEndpointFault"/> to make the token
/// endpoint throttle (429 + Retry-After), fail (5xx) or hang for a while; <c>DELETE</c> to heal it; <c>GET</c> to see it.
/// Lets tests prove how FrontApi behaves when the identity platform is unwell.
/// </summary>
public static class FaultsEndpoint
{
    private const string Route = "/_emulator/faults";

    public static IEndpointRouteBuilder MapFaultsEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, (EmulatorFaults faults) => TypedResults.Json(faults.TokenEndpoint));
        endpoints.MapPut(Route, (TokenEndpointFault fault, EmulatorFaults faults) =>
        {
            var errors = new List<ValidationResult>();
            if (!Validator.TryValidateObject(fault, new ValidationContext(fault), errors, validateAllProperties: true))
            {
                return Results.ValidationProblem(errors.ToDictionary(e => e.MemberNames.FirstOrDefault() ?? "", e => new[] { e.ErrorMessage ?? "invalid" }));
            }

            faults.TokenEndpoint = fault;
            return Results.NoContent();
        }).DisableAntiforgery();
        endpoints.MapDelete(Route, (EmulatorFaults faults) =>
        {
            faults.TokenEndpoint = null;
            return TypedResults.NoContent();
        });
        return endpoints;
    }
}
