namespace DownstreamApi.Model;

/// <summary>
/// The caller's todos: the <see cref="ITodoStore"/> seen by the <see cref="TodoOwner"/> of the validated token. An
/// endpoint takes this one parameter instead of an owner and a store, so it has no owner to pass, and none to get wrong.
/// </summary>
public sealed class CallerTodos(TodoOwner owner, ITodoStore store)
{
    public static async ValueTask<CallerTodos> BindAsync(HttpContext context) =>
        new(await TodoOwner.BindAsync(context), context.RequestServices.GetRequiredService<ITodoStore>());

    public Task<IReadOnlyList<TodoItem>> ListAsync() => store.ListAsync(owner);

    public Task<TodoItem?> FindAsync(Guid id) => store.FindAsync(owner, id);

    public Task<TodoItem> CreateAsync(string title, bool isComplete) => store.CreateAsync(owner, title, isComplete);

    public Task<TodoItem?> UpdateAsync(Guid id, string title, bool isComplete) => store.UpdateAsync(owner, id, title, isComplete);

    public Task<bool> DeleteAsync(Guid id) => store.DeleteAsync(owner, id);
}
