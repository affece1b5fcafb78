using StackExchange.Redis;

namespace ServiceDefaults.Redis;

/// <summary>Redis failures that mean "not now, retry later" rather than a bug in the caller.</summary>
public static class RedisTemporaryFailures
{
    /// <summary>
    /// The error codes a Redis server answers while it cannot serve yet: LOADING (a restarted server still reading
    /// its dataset from disk), BUSY (a script running too long), MASTERDOWN (a replica without its primary), TRYAGAIN and
    /// CLUSTERDOWN (a cluster reconfiguring). Any other server error (WRONGTYPE, a syntax error) is a bug, not an outage.
    /// </summary>
    private static readonly string[] NotReadyErrors = ["LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN"];

    /// <summary>Redis could not be reached, did not answer in time, or answered that it cannot serve yet.</summary>
    public static bool IsTemporary(Exception exception) => exception switch
    {
        RedisConnectionException or RedisTimeoutException => true,
        // A server error's first word is its code ("LOADING Redis is loading the dataset in memory").
        RedisServerException server => NotReadyErrors.Contains(server.Message.Split(' ', 2)[0]),
        _ => false,
    };
}
