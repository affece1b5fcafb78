using EntraEmulator.Model;
using EntraEmulator.Protocol;
using EntraEmulator.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace EntraEmulator.Endpoints;

/// <summary>
/// <c>/{tenant}/oauth2/v2.0/logout</c> (the discovery document's <c>end_session_endpoint</c>). The emulator keeps no
/// sign-in session, so there is nothing to end; it returns to <c>post_logout_redirect_uri</c> only when that address is
/// a registered redirect URI (of <c>client_id</c> when given), never to an arbitrary one, and otherwise shows a page.
/// </summary>
public static class LogoutEndpoint
{
    private const string Route = "/{tenant}/oauth2/v2.0/logout";

    public static IEndpointRouteBuilder MapLogoutEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods(Route, ["GET", "POST"], SignOut).DisableAntiforgery();
        return endpoints;
    }

    private static IResult SignOut(
        string tenant,
        HttpContext context,
        TenantDirectory directory,
        [FromQuery(Name = "post_logout_redirect_uri")] string? postLogoutRedirectUri,
        [FromQuery(Name = "client_id")] string? clientId,
        [FromQuery(Name = "state")] string? state)
    {
        if (!directory.IsThisTenant(tenant))
        {
            return SignInPages.Error(EntraError.TenantNotFound(tenant), context);
        }

        if (string.IsNullOrWhiteSpace(postLogoutRedirectUri))
        {
            return SignInPages.SignedOut();
        }

        var candidates = clientId is { Length: > 0 } && directory.FindByClientId(clientId) is { } client ? [client] : directory.Applications;
        if (!candidates.Any(app => app.HasRedirectUri(postLogoutRedirectUri)))
        {
            return SignInPages.SignedOut();
        }

        return TypedResults.Redirect(state is null ? postLogoutRedirectUri : QueryHelpers.AddQueryString(postLogoutRedirectUri, "state", state));
    }
}
