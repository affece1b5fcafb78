using DownstreamApi.Authorization;
using DownstreamApi.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DownstreamApi.Apis;

/// <summary>
/// The signed-in user's todos. Request bodies are validated by minimal API validation (400 problem details). This API
/// publishes no OpenAPI document (FrontApi alone calls it), so its endpoints carry no OpenAPI metadata: what each one
/// answers is written on its handler.
/// </summary>
public static class TodosApi
{
    public static IEndpointRouteBuilder MapTodosApi(this IEndpointRouteBuilder app)
    {
        var todos = app.MapGroup("/todos");

        todos.MapGet("/", ListTodos).RequireAuthorization(AuthorizationPolicies.ReadTodos);
        todos.MapGet("/{id:guid}", GetTodo).RequireAuthorization(AuthorizationPolicies.ReadTodos);
        todos.MapPost("/", CreateTodo).RequireAuthorization(AuthorizationPolicies.WriteTodos);
        todos.MapPut("/{id:guid}", UpdateTodo).RequireAuthorization(AuthorizationPolicies.WriteTodos);
        todos.MapDelete("/{id:guid}", DeleteTodo).RequireAuthorization(AuthorizationPolicies.WriteTodos);

        return app;
    }

    /// <summary>The todos of the user in the token (oid, tid), from Redis. Needs Todo.Read.</summary>
    private static async Task<Ok<IReadOnlyList<TodoItem>>> ListTodos(CallerTodos todos) =>
        TypedResults.Ok(await todos.ListAsync());

    /// <summary>404 problem details when the user has no todo with this id, whether or not another user has one. Needs Todo.Read.</summary>
    private static async Task<Results<Ok<TodoItem>, ProblemHttpResult>> GetTodo(Guid id, CallerTodos todos) =>
        await todos.FindAsync(id) is { } todo ? TypedResults.Ok(todo) : TodoProblems.NotFound(id);

    /// <summary>Title required (400 problem details otherwise). Needs Todo.ReadWrite.</summary>
    private static async Task<Created<TodoItem>> CreateTodo(CreateTodoRequest request, CallerTodos todos)
    {
        var todo = await todos.CreateAsync(request.Title!, request.IsComplete ?? false);
        return TypedResults.Created($"/todos/{todo.Id}", todo);
    }

    /// <summary>Replaces title and completion. Needs Todo.ReadWrite.</summary>
    private static async Task<Results<Ok<TodoItem>, ProblemHttpResult>> UpdateTodo(Guid id, UpdateTodoRequest request, CallerTodos todos) =>
        await todos.UpdateAsync(id, request.Title!, request.IsComplete!.Value) is { } todo ? TypedResults.Ok(todo) : TodoProblems.NotFound(id);

    /// <summary>
    /// 204 when deleted, 404 problem details otherwise. Needs Todo.ReadWrite, and the authentication context of
    /// AuthenticationContexts:DeleteTodo (acrs, e.g. c1) when one is configured: 401 with a claims challenge otherwise.
    /// The step-up is asked only when there is something of the user's to delete: a todo they do not have is 404 either
    /// way (the lookup is the owner's own), and nothing is deleted before the token shows the context.
    /// </summary>
    private static async Task<IResult> DeleteTodo(Guid id, CallerTodos todos, HttpContext context, IOptions<AuthenticationContextOptions> contexts)
    {
        if (await todos.FindAsync(id) is null)
        {
            return TodoProblems.NotFound(id);
        }

        if (contexts.Value.DeleteTodo is { Length: > 0 } required && !AuthenticationContextChallenge.IsSatisfied(context.User, required))
        {
            return AuthenticationContextChallenge.For(required, context);
        }

        return await todos.DeleteAsync(id) ? TypedResults.NoContent() : TodoProblems.NotFound(id);
    }
}
