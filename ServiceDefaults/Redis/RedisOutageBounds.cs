using StackExchange.Redis;

namespace ServiceDefaults.Redis;

public static class RedisOutageBounds
{
    // StackExchange.Redis's default backs off to 10 s between reconnection attempts: a service (and its /health) could
    // stay degraded that long after Redis is back. At most 2 s apart instead.
    private const int ReconnectFirstDelayMilliseconds = 250;
    private const int ReconnectMaxDelayMilliseconds = 2000;

    /// <summary>
    /// How a service waits for a Redis that is away. A stopped Redis can accept TCP and never answer: connecting and every
    /// command give up after <paramref name="timeout"/> instead of hanging; and the service is whole again within
    /// seconds of Redis coming back.
    /// </summary>
    public static void SetOutageBounds(this ConfigurationOptions options, TimeSpan timeout)
    {
        var timeoutMilliseconds = (int)timeout.TotalMilliseconds;
        options.ConnectTimeout = timeoutMilliseconds;
        options.AsyncTimeout = timeoutMilliseconds;
        options.SyncTimeout = timeoutMilliseconds;
        options.ReconnectRetryPolicy = new ExponentialRetry(ReconnectFirstDelayMilliseconds, ReconnectMaxDelayMilliseconds);
    }
}
