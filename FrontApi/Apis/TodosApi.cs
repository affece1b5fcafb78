using FrontApi.Extensions;
using FrontApi.Infrastructure;
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

    private static async Task<Ok<IReadOnlyList<TodoItem>>> ListTodos(TodoApiClient todoApi, CancellationToken cancellationToken) =>
        TypedResults.Ok(await todoApi.ListTodosAsync(cancellationToken));

    private static async Task<Results<Ok<TodoItem>, ProblemHttpResult>> GetTodo(Guid id, TodoApiClient todoApi, CancellationToken cancellationToken) =>
        await todoApi.GetTodoAsync(id, cancellationToken) is { } todo ? TypedResults.Ok(todo) : TodoNotFound(id);

    private static async Task<Created<TodoItem>> CreateTodo(CreateTodoRequest request, TodoApiClient todoApi, CancellationToken cancellationToken)
    {
        var todo = await todoApi.CreateTodoAsync(request, cancellationToken);
        return TypedResults.Created($"/api/todos/{todo.Id}", todo);
    }

    private static async Task<Results<Ok<TodoItem>, ProblemHttpResult>> UpdateTodo(Guid id, UpdateTodoRequest request, TodoApiClient todoApi, CancellationToken cancellationToken) =>
        await todoApi.UpdateTodoAsync(id, request, cancellationToken) is { } todo ? TypedResults.Ok(todo) : TodoNotFound(id);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteTodo(Guid id, TodoApiClient todoApi, CancellationToken cancellationToken) =>
        await todoApi.DeleteTodoAsync(id, cancellationToken) ? TypedResults.NoContent() : TodoNotFound(id);

    private static ProblemHttpResult TodoNotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"You have no todo with id '{id}'.");
}
