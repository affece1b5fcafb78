using FrontApi.Downstream;
using FrontApi.OnBehalfOf;
using FrontApi.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FrontApi.Apis;

/// <summary>
/// The user's todos, kept by DownstreamApi and reached through the OBO exchange. Bodies are validated here first
/// (minimal API validation, 400 problem details), so an invalid request never costs a token exchange.
/// </summary>
public static class TodosApi
{
    public static IEndpointRouteBuilder MapTodosApi(this IEndpointRouteBuilder app)
    {
        var todos = app.MapGroup("/api/todos")
            .RequireAuthorization(AuthorizationPolicies.AccessAsUser)
            .WithTags("Todos");

        todos.MapGet("/", ListTodos);
        todos.MapGet("/{id:guid}", GetTodo);
        todos.MapPost("/", CreateTodo);
        todos.MapPut("/{id:guid}", UpdateTodo);
        todos.MapDelete("/{id:guid}", DeleteTodo);

        return app;
    }

    private static async Task<Ok<IReadOnlyList<TodoItem>>> ListTodos(DownstreamApiClient downstream, CancellationToken cancellationToken) =>
        TypedResults.Ok(await downstream.ListTodosAsync(cancellationToken));

    private static async Task<Results<Ok<TodoItem>, ProblemHttpResult>> GetTodo(Guid id, DownstreamApiClient downstream, CancellationToken cancellationToken) =>
        await downstream.GetTodoAsync(id, cancellationToken) is { } todo ? TypedResults.Ok(todo) : TodoNotFound(id);

    private static async Task<Created<TodoItem>> CreateTodo(CreateTodoRequest request, DownstreamApiClient downstream, CancellationToken cancellationToken)
    {
        var todo = await downstream.CreateTodoAsync(request, cancellationToken);
        return TypedResults.Created($"/api/todos/{todo.Id}", todo);
    }

    private static async Task<Results<Ok<TodoItem>, ProblemHttpResult>> UpdateTodo(Guid id, UpdateTodoRequest request, DownstreamApiClient downstream, CancellationToken cancellationToken) =>
        await downstream.UpdateTodoAsync(id, request, cancellationToken) is { } todo ? TypedResults.Ok(todo) : TodoNotFound(id);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteTodo(Guid id, DownstreamApiClient downstream, CancellationToken cancellationToken) =>
        await downstream.DeleteTodoAsync(id, cancellationToken) ? TypedResults.NoContent() : TodoNotFound(id);

    private static ProblemHttpResult TodoNotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"You have no todo with id '{id}'.");
}
