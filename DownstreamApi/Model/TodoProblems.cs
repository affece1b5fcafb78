using Microsoft.AspNetCore.Http.HttpResults;

namespace DownstreamApi.Model;

// DownstreamApi's contract, compiled into FrontApi too (FrontApi.csproj): FrontApi answers a missing todo as DownstreamApi does.

public static class TodoProblems
{
    /// <summary>
    /// The same answer whether the id never existed or belongs to someone else: nothing about other users leaks.
    /// </summary>
    public static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"You have no todo with id '{id}'.");
}
