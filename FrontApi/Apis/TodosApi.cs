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

        todos.MapGet("/", ListTodos)
            .WithSummary("List your todos")
            .WithDescription("Your todos as DownstreamApi keeps them, read with an On-Behalf-Of token for Todo.Read.");
        todos.MapGet("/{id:guid}", GetTodo)
            .WithSummary("Get one of your todos")
            .WithDescription("404 problem details if you have no todo with this id (someone else's todo is not yours to see).");
        todos.MapPost("/", CreateTodo)
            .WithSummary("Create a todo")
            .WithDescription("Validated here first (400 problem details, no token exchange), then created in DownstreamApi with a Todo.ReadWrite token.");
        todos.MapPut("/{id:guid}", UpdateTodo)
            .WithSummary("Update one of your todos")
            .WithDescription("Replaces title and completion; needs Todo.ReadWrite on DownstreamApi.");
        todos.MapDelete("/{id:guid}", DeleteTodo)
            .WithSummary("Delete one of your todos")
            .WithDescription("204 when deleted, 404 problem details if you have no todo with this id.");

        return app;
    }

    private static async Task<Ok<IReadOnlyList<TodoItem>>> ListTodos(DownstreamApiClient downstream, CancellationToken cancellationToken) =>
        TypedResults.Ok(await downstream.ListTodosAsync(cancellationToken));

    private static async Task<Results<Ok<TodoItem>, ProblemHttpResult>> GetTodo(Guid id, DownstreamApiClient downstream, CancellationToken cancellationToken) =>
        await downstream.GetTodoAsync(id, cancellationToken) is { } todo ? TypedResults.Ok(todo) : TodoProblems.NotFound(id);

    private static async Task<Created<TodoItem>> CreateTodo(CreateTodoRequest request, DownstreamApiClient downstream, CancellationToken cancellationToken)
    {
        var todo = await downstream.CreateTodoAsync(request, cancellationToken);
        return TypedResults.Created($"/api/todos/{todo.Id}", todo);
    }

    private static async Task<Results<Ok<TodoItem>, ProblemHttpResult>> UpdateTodo(Guid id, UpdateTodoRequest request, DownstreamApiClient downstream, CancellationToken cancellationToken) =>
        await downstream.UpdateTodoAsync(id, request, cancellationToken) is { } todo ? TypedResults.Ok(todo) : TodoProblems.NotFound(id);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteTodo(Guid id, DownstreamApiClient downstream, CancellationToken cancellationToken) =>
        await downstream.DeleteTodoAsync(id, cancellationToken) ? TypedResults.NoContent() : TodoProblems.NotFound(id);
}
