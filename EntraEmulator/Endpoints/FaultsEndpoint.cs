using System.ComponentModel.DataAnnotations;
using EntraEmulator.Faults;
using EntraEmulator.Model;

namespace EntraEmulator.Endpoints;

/// <summary>
/// <c>/_emulator/faults</c>, development only: <c>PUT</c> a <see cref="TokenEndpointFault"/> to make the token
/// endpoint throttle (429 + Retry-After), fail (5xx) or hang for a while; <c>PUT /_emulator/faults/mfa</c> a
/// <see cref="MfaRequest"/> to make a user need multi-factor authentication; <c>DELETE</c> to heal everything;
/// <c>GET</c> to see what is in force. Lets tests and the dashboard's commands show how FrontApi behaves when the
/// identity platform is unwell or strict.
/// </summary>
public static class FaultsEndpoint
{
    private const string Route = "/_emulator/faults";

    public static IEndpointRouteBuilder MapFaultsEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, (EmulatorFaults faults) => TypedResults.Json(new
        {
            tokenEndpoint = faults.TokenEndpoint,
            tokenEndpointExpiresAt = faults.TokenEndpointFaultExpiresAt,
            mfaRequired = faults.MfaRequirements,
        }));
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
        endpoints.MapPut($"{Route}/mfa", (MfaRequest request, EmulatorFaults faults, TenantDirectory directory) =>
        {
            if (directory.FindUser(request.User ?? "") is not { } user)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["user"] = [$"No user '{request.User}' in this tenant."] });
            }

            var applications = request.Applications is { Count: > 0 } named ? named : [MfaRequest.DefaultApplication];
            if (applications.FirstOrDefault(name => directory.Applications.All(app => !string.Equals(app.Name, name, StringComparison.OrdinalIgnoreCase))) is { } unknown)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["applications"] = [$"No application '{unknown}' in this tenant."] });
            }

            faults.RequireMfa(new MfaRequirement(user.Name, user.ObjectId, applications));
            return Results.NoContent();
        }).DisableAntiforgery();
        endpoints.MapDelete(Route, (EmulatorFaults faults) =>
        {
            faults.Clear();
            return TypedResults.NoContent();
        });
        return endpoints;
    }
}

/// <summary>Body of <c>PUT /_emulator/faults/mfa</c>: the user (name or UPN) and the applications (DownstreamApi if none).</summary>
public sealed record MfaRequest(string? User, IReadOnlyList<string>? Applications)
{
    public const string DefaultApplication = "DownstreamApi";
}
