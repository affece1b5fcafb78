using ServiceDefaults.Redis;
using StackExchange.Redis;

namespace AspireObo.SystemTests.Reliability;

/// <summary>
/// Which Redis failures DownstreamApi answers 503 + Retry-After (its RedisUnavailableExceptionHandler) instead of a 500.
/// The chaos test met the LOADING case in CI: Redis restarted with its append-only file, and for a fraction of a second
/// every write was answered "LOADING Redis is loading the dataset in memory" (the message below is that server's).
/// </summary>
public sealed class RedisTemporaryFailuresTests
{
    [Theory]
    [InlineData("LOADING Redis is loading the dataset in memory")]
    [InlineData("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.")]
    [InlineData("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.")]
    [InlineData("TRYAGAIN Multiple keys request during rehashing of slot")]
    [InlineData("CLUSTERDOWN The cluster is down")]
    public void A_server_that_cannot_serve_yet_is_a_temporary_failure(string serverError) =>
        Assert.True(RedisTemporaryFailures.IsTemporary(new RedisServerException(serverError)));

    [Fact]
    public void An_unreachable_or_slow_Redis_is_a_temporary_failure()
    {
        Assert.True(RedisTemporaryFailures.IsTemporary(new RedisConnectionException(ConnectionFailureType.UnableToConnect, "UnableToConnect on localhost:6379")));
        Assert.True(RedisTemporaryFailures.IsTemporary(new RedisTimeoutException("Timeout performing SET", CommandStatus.Sent)));
    }

    [Theory]
    [InlineData("WRONGTYPE Operation against a key holding the wrong kind of value")]
    [InlineData("ERR unknown command 'HSETX'")]
    [InlineData("LOADINGX not an error Redis sends")]
    public void Any_other_server_error_is_a_bug_not_an_outage(string serverError) =>
        Assert.False(RedisTemporaryFailures.IsTemporary(new RedisServerException(serverError)));
}
