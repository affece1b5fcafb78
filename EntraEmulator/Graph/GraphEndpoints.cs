using System.Text;
using EntraEmulator.ConditionalAccess;
using EntraEmulator.Model;
using EntraEmulator.Options;
using EntraEmulator.Tokens;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.Net.Http.Headers;

namespace EntraEmulator.Graph;

/// <summary>
/// A Microsoft Graph-compatible <c>GET /v1.0/me</c> for the emulator's users, so FrontApi's second downstream API runs
/// with no tenant: same path, same JSON, same protection as Graph (a delegated token for Graph with a permission that
/// reads the profile, such as <c>User.Read</c>), same error shapes (401 <c>InvalidAuthenticationToken</c>, 403
/// <c>Authorization_RequestDenied</c>), and Continuous Access Evaluation as Graph enforces it: a token of a CAE session
/// (<c>xms_cc</c> names <c>cp1</c>) issued before a critical event (sessions revoked, password changed, account disabled)
/// is refused at once with 401 and a claims challenge (<c>error="insufficient_claims"</c>, <c>claims</c> = base64 of the
/// claims to get a new token with); other tokens are short-lived and served until they expire. See docs/entra-fidelity.md.
/// </summary>
public static class GraphEndpoints
{
    public static IEndpointRouteBuilder MapGraphEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1.0/me", GetMeAsync);
        return endpoints;
    }

    /// <summary>Graph's own challenge: it names the Entra authorization endpoint and itself as client.</summary>
    private const string Challenge =
        $"Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"{MicrosoftGraph.ClientId}\"";

    private static async Task<IResult> GetMeAsync(
        HttpContext context, GraphTokenValidator validator, IOptions<EntraEmulatorOptions> options, SignInSessionRevocations revocations, AccountChanges accounts, TimeProvider time)
    {
        var token = await validator.ValidateAsync(context.Request);
        if (token is null)
        {
            context.Response.Headers[HeaderNames.WWWAuthenticate] = Challenge;
            return Error(context, time, StatusCodes.Status401Unauthorized, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.");
        }

        if (RevokedCaeToken(token, revocations, accounts) is { } claims)
        {
            context.Response.Headers[HeaderNames.WWWAuthenticate] =
                $"{Challenge}, error=\"insufficient_claims\", claims=\"{Convert.ToBase64String(Encoding.UTF8.GetBytes(claims))}\"";
            return Error(context, time, StatusCodes.Status401Unauthorized, "InvalidAuthenticationToken",
                "Continuous access evaluation resulted in challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp");
        }

        if (!CanReadProfile(token) || !token.TryGetClaim("oid", out var oid))
        {
            return Error(context, time, StatusCodes.Status403Forbidden, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
        }

        var user = options.Value.Users.Values.FirstOrDefault(candidate =>
            Guid.TryParse(candidate.ObjectId, out var id) && Guid.TryParse(oid.Value, out var tokenId) && id == tokenId);
        if (user is null)
        {
            return Error(context, time, StatusCodes.Status404NotFound, "Request_ResourceNotFound",
                $"Resource '{oid.Value}' does not exist or one of its queried reference-property objects are not present.");
        }

        return TypedResults.Json(new GraphUser(
            "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
            [],
            user.DisplayName,
            user.GivenName,
            user.JobTitle,
            user.UserPrincipalName,
            null,
            user.OfficeLocation,
            user.PreferredLanguage,
            user.Surname,
            user.UserPrincipalName,
            Guid.Parse(user.ObjectId).ToString("D")));
    }

    /// <summary>The claims to ask for when <paramref name="token"/> is a CAE session's token that a critical event revoked; else null.</summary>
    private static string? RevokedCaeToken(JsonWebToken token, SignInSessionRevocations revocations, AccountChanges accounts)
    {
        if (!ContinuousAccessEvaluation.IsCaeToken(token) || !token.TryGetClaim("oid", out var oid))
        {
            return null;
        }

        return revocations.ValidFrom(oid.Value) is { } validFrom && (ContinuousAccessEvaluation.IssuedBefore(token, validFrom) || accounts.IsDisabled(oid.Value))
            ? ContinuousAccessEvaluation.NotBeforeChallenge(validFrom)
            : null;
    }

    /// <summary>Delegated tokens only (app-only would need <c>User.Read.All</c> roles and <c>/users/{id}</c>, not <c>/me</c>).</summary>
    private static bool CanReadProfile(JsonWebToken token) =>
        token.TryGetClaim("scp", out var scp)
        && scp.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(scope => MicrosoftGraph.ReadProfileScopes.Contains(scope, StringComparer.OrdinalIgnoreCase));

    private static IResult Error(HttpContext context, TimeProvider time, int status, string code, string message) =>
        TypedResults.Json(GraphError.Create(code, message, context, time), statusCode: status);
}
