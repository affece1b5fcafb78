using System.Runtime.ExceptionServices;
using FrontApi.Downstream;
using FrontApi.Failures;
using FrontApi.Graph;
using FrontApi.Model;
using FrontApi.OnBehalfOf;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FrontApi.Apis;

/// <summary>
/// <c>GET /api/profile</c>: the caller through both downstream APIs, each reached with its own On-Behalf-Of token from
/// the same incoming token — DownstreamApi (<c>Todo.Read</c>) and Microsoft Graph (<c>User.Read</c>). One failing does
/// not hide the other: the answer is then partial (<see cref="ProfileResponse.Partial"/>); only when both fail is it an
/// error, the one DownstreamApi's failure alone would give. A part that needs the user to sign in again with claims
/// (a claims challenge) fails the whole request for a caller that handles claims challenges: a part of a 200 cannot
/// carry the <c>WWW-Authenticate</c> challenge its MSAL acts on.
/// </summary>
public static class ProfileApi
{
    public static IEndpointRouteBuilder MapProfileApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/profile", GetProfile)
            .WithTags("Me")
            .RequireAuthorization(AuthorizationPolicies.AccessAsUser)
            .WithName("GetProfile")
            .WithSummary("The caller as DownstreamApi and Microsoft Graph see them, each through its own OBO token; partial when one fails.")
            .WithDescription("Two On-Behalf-Of exchanges for two resources (DownstreamApi and Microsoft Graph User.Read), cached separately; a part that fails is reported in the answer instead of failing the whole request.");

        return app;
    }

    private const string DownstreamApiName = "DownstreamApi";
    private const string GraphName = "Microsoft Graph";

    private static async Task<Ok<ProfileResponse>> GetProfile(
        DownstreamApiClient downstream, GraphProfileClient graph, HttpContext context, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        // Both at once: the answer waits for the slower API, not for the two in turn. Their tokens share one token-cache
        // partition (one incoming token); MSAL writes it under its cache lock and ResidentPartitionTokenCache starts each
        // write from the partition as last written, so neither token is lost (GraphProfileTests: another replica then
        // finds both in Redis).
        var downstreamPart = TryAsync(() => downstream.GetMeAsync(cancellationToken));
        var graphPart = TryAsync(() => graph.GetMeAsync(cancellationToken));
        await Task.WhenAll(downstreamPart, graphPart); // neither outlives the request, whatever happens to the other
        var (downstreamProfile, downstreamFailure) = await downstreamPart;
        var (graphProfile, graphFailure) = await graphPart;

        if (downstreamFailure is not null && graphFailure is not null)
        {
            ExceptionDispatchInfo.Throw(downstreamFailure); // the usual problem details for DownstreamApi's failure
        }

        if (CallerCapabilities.HandlesClaimsChallenges(context.User)
            && new[] { (downstreamFailure, DownstreamApiName), (graphFailure, GraphName) }
                .FirstOrDefault(part => part.Item1 is { } failure && FailureClassifier.Classify(failure, part.Item2)?.ChallengeClaims is not null).Item1 is { } challenge)
        {
            ExceptionDispatchInfo.Throw(challenge); // the claims challenge, 401 (FrontApi/Failures)
        }

        // Each failed part says what the whole request would have: the same classification, status and Retry-After.
        var logger = loggers.CreateLogger(typeof(ProfileApi));
        var errors = new Dictionary<string, ProfilePartError>();
        if (downstreamFailure is not null)
        {
            errors["downstream"] = PartError(logger, FailureClassifier.Classify(downstreamFailure, DownstreamApiName)!);
        }

        if (graphFailure is not null)
        {
            errors["graph"] = PartError(logger, FailureClassifier.Classify(graphFailure, GraphName)!);
        }

        return TypedResults.Ok(new ProfileResponse(downstreamProfile, graphProfile, errors.Count > 0, errors.Count > 0 ? errors : null));
    }

    /// <summary>The part, or the downstream failure that kept it from us; anything else (a bug, cancellation) propagates.</summary>
    private static async Task<(T? Value, Exception? Failure)> TryAsync<T>(Func<Task<T>> call) where T : class
    {
        try
        {
            return (await call(), null);
        }
        catch (Exception exception) when (FailureClassifier.Classify(exception, "") is not null)
        {
            return (null, exception);
        }
    }

    private static ProfilePartError PartError(ILogger logger, Failure failure)
    {
        FailureProblemDetails.Log(logger, failure);
        return new ProfilePartError(failure.Status, failure.Title, failure.Detail, failure.RetryAfter is { } retryAfter ? (int)Math.Ceiling(retryAfter.TotalSeconds) : null);
    }
}
