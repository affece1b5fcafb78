using EntraEmulator.Model;
using EntraEmulator.Tokens;

namespace EntraEmulator.Endpoints;

/// <summary>
/// <c>POST /_emulator/users/{user}/revokeSignInSessions</c>, development only: what an administrator does with Graph's
/// <c>revokeSignInSessions</c> (or a password reset) in Entra — the user's refresh tokens stop working, so apps holding
/// them (a long-running job of FrontApi) must have the user sign in again. Answers as Graph does: <c>{"value": true}</c>.
/// </summary>
public static class RevokeSessionsEndpoint
{
    public static IEndpointRouteBuilder MapRevokeSessionsEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/_emulator/users/{user}/revokeSignInSessions", (string user, TenantDirectory directory, SignInSessionRevocations revocations) =>
        {
            var found = directory.FindUser(user) ?? directory.FindUserByObjectId(user);
            if (found is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"No user '{user}' in this tenant.");
            }

            revocations.Revoke(found.ObjectId);
            return Results.Json(new { value = true });
        }).DisableAntiforgery();
        return endpoints;
    }
}
