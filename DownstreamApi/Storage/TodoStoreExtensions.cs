using DownstreamApi.Model;
using StackExchange.Redis;

namespace DownstreamApi.Storage;

public static class TodoStoreExtensions
{
    /// <summary>Name of the Redis resource in the AppHost; its connection string is <c>ConnectionStrings:cache</c>.</summary>
    public const string RedisResourceName = "cache";

    // A stopped Redis can accept TCP and never answer: fail within seconds (503) instead of hanging requests.
    private const int RedisTimeoutMilliseconds = 3000;

    // Reconnection attempts while Redis is away at most 2 s apart (StackExchange.Redis's default backs off to 10 s):
    // the todos are back within seconds of Redis.
    private const int ReconnectFirstDelayMilliseconds = 250;
    private const int ReconnectMaxDelayMilliseconds = 2000;

    /// <summary>Todos live in Redis, through Aspire's client (health checks and tracing included).</summary>
    public static IHostApplicationBuilder AddTodoStore(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient(RedisResourceName, configureOptions: options =>
        {
            options.ConnectTimeout = RedisTimeoutMilliseconds;
            options.AsyncTimeout = RedisTimeoutMilliseconds;
            options.SyncTimeout = RedisTimeoutMilliseconds;
            options.ReconnectRetryPolicy = new ExponentialRetry(ReconnectFirstDelayMilliseconds, ReconnectMaxDelayMilliseconds);
        });

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ITodoStore, RedisTodoStore>();
        builder.Services.AddExceptionHandler<RedisUnavailableExceptionHandler>();

        return builder;
    }
}
