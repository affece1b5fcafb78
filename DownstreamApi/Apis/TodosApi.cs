using DownstreamApi.Authorization;
using DownstreamApi.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DownstreamApi.Apis;

/// <summary>The signed-in user's todos. Request bodies are validated by minimal API validation (400 problem details).</summary>
public static class TodosApi
{
    public static IEndpointRouteBuilder MapTodosApi(this IEndpointRouteBuilder app)
    {
        var todos = app.MapGroup("/todos").WithTags("Todos");

        todos.MapGet("/", ListTodos).RequireAuthorization(AuthorizationPolicies.ReadTodos)
            .WithSummary("List the user's todos")
            .WithDescription("The todos of the user in the token (oid, tid), from Redis. Needs Todo.Read.");
        todos.MapGet("/{id:guid}", GetTodo).RequireAuthorization(AuthorizationPolicies.ReadTodos).WithName(nameof(GetTodo))
            .WithSummary("Get one of the user's todos")
            .WithDescription("404 problem details when the user has no todo with this id, whether or not another user has one. Needs Todo.Read.");
        todos.MapPost("/", CreateTodo).RequireAuthorization(AuthorizationPolicies.WriteTodos)
            .WithSummary("Create a todo for the user")
            .WithDescription("Title required (400 problem details otherwise). Needs Todo.ReadWrite.");
        todos.MapPut("/{id:guid}", UpdateTodo).RequireAuthorization(AuthorizationPolicies.WriteTodos)
            .WithSummary("Update one of the user's todos")
            .WithDescription("Replaces title and completion. Needs Todo.ReadWrite.");
        todos.MapDelete("/{id:guid}", DeleteTodo).RequireAuthorization(AuthorizationPolicies.WriteTodos)
            .WithSummary("Delete one of the user's todos")
            .WithDescription("204 when deleted, 404 problem details otherwise. Needs Todo.ReadWrite, and the authentication context of "
                + "AuthenticationContexts:DeleteTodo (acrs, e.g. c1) when one is configured: 401 with a claims challenge otherwise.");

        return app;
    }

    private static async Task<Ok<IReadOnlyList<TodoItem>>> ListTodos(TodoOwner owner, ITodoStore store) =>
        TypedResults.Ok(await store.ListAsync(owner));

    private static async Task<Results<Ok<TodoItem>, ProblemHttpResult>> GetTodo(Guid id, TodoOwner owner, ITodoStore store) =>
        await store.FindAsync(owner, id) is { } todo ? TypedResults.Ok(todo) : TodoProblems.NotFound(id);

    private static async Task<Created<TodoItem>> CreateTodo(CreateTodoRequest request, TodoOwner owner, ITodoStore store)
    {
        var todo = await store.CreateAsync(owner, request.Title!, request.IsComplete ?? false);
        return TypedResults.Created($"/todos/{todo.Id}", todo);
    }

    private static async Task<Results<Ok<TodoItem>, ProblemHttpResult>> UpdateTodo(Guid id, UpdateTodoRequest request, TodoOwner owner, ITodoStore store) =>
        await store.UpdateAsync(owner, id, request.Title!, request.IsComplete!.Value) is { } todo ? TypedResults.Ok(todo) : TodoProblems.NotFound(id);

    /// <summary>
    /// The step-up is asked only when there is something of the user's to delete: a todo they do not have is 404 either
    /// way (the lookup is the owner's own), and nothing is deleted before the token shows the context.
    /// </summary>
    private static async Task<IResult> DeleteTodo(Guid id, TodoOwner owner, ITodoStore store, HttpContext context, IOptions<AuthenticationContextOptions> contexts)
    {
        if (await store.FindAsync(owner, id) is null)
        {
            return TodoProblems.NotFound(id);
        }

        if (contexts.Value.DeleteTodo is { Length: > 0 } required && !AuthenticationContextChallenge.IsSatisfied(context.User, required))
        {
            return AuthenticationContextChallenge.For(required, context);
        }

        return await store.DeleteAsync(owner, id) ? TypedResults.NoContent() : TodoProblems.NotFound(id);
    }
}
