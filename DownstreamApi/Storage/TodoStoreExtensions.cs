using DownstreamApi.Model;
using ServiceDefaults.Redis;

namespace DownstreamApi.Storage;

public static class TodoStoreExtensions
{
    /// <summary>Name of the Redis resource in the AppHost; its connection string is <c>ConnectionStrings:cache</c>.</summary>
    public const string RedisResourceName = "cache";

    // Fail within seconds (503) instead of hanging requests while Redis is away (ServiceDefaults/Redis).
    private static readonly TimeSpan RedisTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Todos live in Redis, through Aspire's client (health checks and tracing included).</summary>
    public static IHostApplicationBuilder AddTodoStore(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient(RedisResourceName, configureOptions: options => options.SetOutageBounds(RedisTimeout));

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ITodoStore, RedisTodoStore>();
        builder.Services.AddExceptionHandler<RedisUnavailableExceptionHandler>();

        return builder;
    }
}
