using FrontApi.Downstream;
using FrontApi.OnBehalfOf;
using FrontApi.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FrontApi.Apis;

public static class MeApi
{
    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", GetMe)
            .RequireAuthorization(AuthorizationPolicies.AccessAsUser)
            .WithName("GetMe")
            .WithTags("Me")
            .WithSummary("The caller as DownstreamApi sees them")
            .WithDescription("FrontApi exchanges your token On-Behalf-Of you for a DownstreamApi token (Todo.Read) and returns "
                + "what DownstreamApi reads from it: the same user (oid, tid, name), FrontApi as the calling app (azp), the granted scopes. "
                + "A second call within the token's lifetime is served from FrontApi's token cache: compare both traces in the dashboard.");

        return app;
    }

    private static async Task<Ok<UserProfile>> GetMe(DownstreamApiClient downstream, CancellationToken cancellationToken) =>
        TypedResults.Ok(await downstream.GetMeAsync(cancellationToken));
}
