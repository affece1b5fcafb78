using System.Security.Claims;
using DownstreamApi.Authorization;
using DownstreamApi.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Identity.Web;

namespace DownstreamApi.Apis;

public static class MeApi
{
    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/me", GetMe).RequireAuthorization(AuthorizationPolicies.ReadTodos);
        return app;
    }

    /// <summary>
    /// Who is calling, according to the access token: the user (oid, tid, name, preferred_username), the client
    /// application that obtained the token (azp: FrontApi, the only client allowed) and the delegated scopes (scp).
    /// Needs Todo.Read.
    /// </summary>
    private static Ok<UserProfile> GetMe(ClaimsPrincipal user, TodoOwner owner) =>
        TypedResults.Ok(new UserProfile(
            Oid: owner.ObjectId,
            Tid: owner.TenantId,
            Name: user.FindFirstValue(ClaimConstants.Name),
            PreferredUsername: user.FindFirstValue(ClaimConstants.PreferredUserName),
            Azp: user.GetClientApplicationId(),
            Scopes: user.GetScopes()));
}
