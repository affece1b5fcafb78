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
            .WithSummary("The caller as DownstreamApi sees them through the OBO token: same user (oid), FrontApi as azp.");

        return app;
    }

    private static async Task<Ok<UserProfile>> GetMe(DownstreamApiClient downstream, CancellationToken cancellationToken) =>
        TypedResults.Ok(await downstream.GetMeAsync(cancellationToken));
}
