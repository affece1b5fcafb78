namespace DownstreamApi.Model;

public interface ITodoStore
{
    /// <summary>The owner's todos, oldest first.</summary>
    Task<IReadOnlyList<TodoItem>> ListAsync(TodoOwner owner);

    Task<TodoItem?> FindAsync(TodoOwner owner, Guid id);

    Task<TodoItem> CreateAsync(TodoOwner owner, string title, bool isComplete);

    /// <returns>The updated todo, or null when the owner has no todo with this id.</returns>
    Task<TodoItem?> UpdateAsync(TodoOwner owner, Guid id, string title, bool isComplete);

    /// <returns>False when the owner has no todo with this id.</returns>
    Task<bool> DeleteAsync(TodoOwner owner, Guid id);
}
