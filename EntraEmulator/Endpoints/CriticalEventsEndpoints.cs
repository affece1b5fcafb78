using EntraEmulator.Model;
using EntraEmulator.Tokens;

namespace EntraEmulator.Endpoints;

/// <summary>
/// Continuous Access Evaluation's critical events, as development-only endpoints (an administrator's actions in Entra;
/// each needs the control header, see <c>Hosting/EmulatorControlRequests.cs</c>):
/// <list type="bullet">
/// <item><c>POST /_emulator/users/{user}/revokeSignInSessions</c>: Graph's <c>revokeSignInSessions</c>; answers as Graph
/// does, <c>{"value": true}</c>.</item>
/// <item><c>POST /_emulator/users/{user}/disable</c> and <c>/enable</c>: the account's <c>accountEnabled</c>.</item>
/// <item><c>POST /_emulator/users/{user}/changePassword</c> with <c>{"newPassword": "…"}</c>: a password reset.</item>
/// </list>
/// Revoking, disabling and a new password all make the user's earlier sign-ins invalid: refresh tokens are refused
/// (AADSTS50173), an OBO exchange of an earlier token too (AADSTS50133), and the emulated Graph rejects the long-lived
/// tokens of CAE sessions with a claims challenge. Tokens of other clients stay valid until they expire, as in Entra.
/// </summary>
public static class CriticalEventsEndpoints
{
    private const string UserRoute = "/_emulator/users/{user}";

    public static IEndpointRouteBuilder MapCriticalEventsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(UserRoute + "/revokeSignInSessions", (string user, TenantDirectory directory, SignInSessionRevocations revocations) =>
            WithUser(directory, user, found =>
            {
                revocations.Revoke(found.ObjectId);
                return Results.Json(new { value = true });
            })).DisableAntiforgery();

        endpoints.MapPost(UserRoute + "/disable", (string user, TenantDirectory directory, AccountChanges accounts, SignInSessionRevocations revocations) =>
            WithUser(directory, user, found =>
            {
                accounts.Disable(found.ObjectId);
                revocations.Revoke(found.ObjectId);
                return Results.Json(new { accountEnabled = false });
            })).DisableAntiforgery();

        endpoints.MapPost(UserRoute + "/enable", (string user, TenantDirectory directory, AccountChanges accounts) =>
            WithUser(directory, user, found =>
            {
                accounts.Enable(found.ObjectId);
                return Results.Json(new { accountEnabled = true });
            })).DisableAntiforgery();

        endpoints.MapPost(UserRoute + "/changePassword", async (string user, HttpContext context, TenantDirectory directory, AccountChanges accounts, SignInSessionRevocations revocations) =>
        {
            var body = await ReadNewPasswordAsync(context);
            return WithUser(directory, user, found =>
            {
                if (string.IsNullOrEmpty(body?.NewPassword))
                {
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "newPassword is required",
                        detail: "Send {\"newPassword\": \"...\"} as JSON.");
                }

                accounts.ChangePassword(found.ObjectId, body.NewPassword);
                revocations.Revoke(found.ObjectId);
                return Results.NoContent();
            });
        }).DisableAntiforgery();

        return endpoints;
    }

    private static IResult WithUser(TenantDirectory directory, string user, Func<RegisteredUser, IResult> change) =>
        (directory.FindUser(user) ?? directory.FindUserByObjectId(user)) is { } found
            ? change(found)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: "No such user in this tenant.");

    private static async Task<PasswordChange?> ReadNewPasswordAsync(HttpContext context)
    {
        if (!context.Request.HasJsonContentType())
        {
            return null;
        }

        try
        {
            return await context.Request.ReadFromJsonAsync<PasswordChange>(context.RequestAborted);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private sealed record PasswordChange(string? NewPassword);
}
