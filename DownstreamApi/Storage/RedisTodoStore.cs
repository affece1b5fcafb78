using System.Text.Json;
using System.Text.Json.Serialization;
using DownstreamApi.Model;
using StackExchange.Redis;

namespace DownstreamApi.Storage;

/// <summary>
/// One Redis hash per user, <c>todos:{tid}:{oid}</c>: fields are todo ids, values the todo as JSON.
/// Redis (not process memory) holds the data, so it survives a restart and is shared by every replica.
/// </summary>
public sealed partial class RedisTodoStore(IConnectionMultiplexer redis, TimeProvider time, ILogger<RedisTodoStore> logger) : ITodoStore
{
    private const int MaxUpdateAttempts = 5;

    private IDatabase Database => redis.GetDatabase();

    public async Task<IReadOnlyList<TodoItem>> ListAsync(TodoOwner owner)
    {
        var values = await Database.HashValuesAsync(KeyOf(owner));
        return [.. values.Select(Deserialize).OrderBy(todo => todo.CreatedAt).ThenBy(todo => todo.Id)];
    }

    public async Task<TodoItem?> FindAsync(TodoOwner owner, Guid id)
    {
        var value = await Database.HashGetAsync(KeyOf(owner), FieldOf(id));
        return value.IsNull ? null : Deserialize(value);
    }

    public async Task<TodoItem> CreateAsync(TodoOwner owner, string title, bool isComplete)
    {
        var now = time.GetUtcNow();
        var todo = new TodoItem(Guid.CreateVersion7(now), title, isComplete, now, now);
        await Database.HashSetAsync(KeyOf(owner), FieldOf(todo.Id), Serialize(todo), When.NotExists);
        return todo;
    }

    public async Task<TodoItem?> UpdateAsync(TodoOwner owner, Guid id, string title, bool isComplete)
    {
        var key = KeyOf(owner);
        var field = FieldOf(id);

        // Optimistic concurrency: write only if the todo is still exactly what was read, so a concurrent
        // delete is never undone and a concurrent update is never silently overwritten with stale createdAt.
        for (var attempt = 1; attempt <= MaxUpdateAttempts; attempt++)
        {
            var current = await Database.HashGetAsync(key, field);
            if (current.IsNull)
            {
                return null;
            }

            var updated = Deserialize(current) with { Title = title, IsComplete = isComplete, UpdatedAt = time.GetUtcNow() };

            var transaction = Database.CreateTransaction();
            transaction.AddCondition(Condition.HashEqual(key, field, current));
            _ = transaction.HashSetAsync(key, field, Serialize(updated));
            if (await transaction.ExecuteAsync())
            {
                return updated;
            }

            LogUpdateConflict(owner.TenantId, owner.ObjectId, id, attempt);
        }

        throw new InvalidOperationException($"Todo {id} kept changing during {MaxUpdateAttempts} update attempts.");
    }

    public Task<bool> DeleteAsync(TodoOwner owner, Guid id) => Database.HashDeleteAsync(KeyOf(owner), FieldOf(id));

    private static RedisKey KeyOf(TodoOwner owner) => $"todos:{owner.TenantId}:{owner.ObjectId}";

    private static RedisValue FieldOf(Guid id) => id.ToString("D");

    private static RedisValue Serialize(TodoItem todo) => JsonSerializer.Serialize(todo, TodoStoreJsonContext.Default.TodoItem);

    private static TodoItem Deserialize(RedisValue value) =>
        JsonSerializer.Deserialize((string)value!, TodoStoreJsonContext.Default.TodoItem)
            ?? throw new InvalidDataException("A stored todo is not valid JSON.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Todo {TodoId} of user {Oid} in tenant {Tid} changed during update attempt {Attempt}; retrying")]
    private partial void LogUpdateConflict(string tid, string oid, Guid todoId, int attempt);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TodoItem))]
internal sealed partial class TodoStoreJsonContext : JsonSerializerContext;
