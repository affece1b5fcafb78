using System.Net;
using System.Text;

namespace AspireObo.SystemTests.Security;

/// <summary>
/// Each service reaches only its own data in Redis: the connection string the AppHost hands DownstreamApi is refused
/// FrontApi's token cache and key ring (NOPERM), FrontApi's is refused the todos, and a connection without
/// credentials is refused everything (NOAUTH). The local server's files are the owner's only.
/// </summary>
[Collection(SharedSystem.CollectionName)]
public sealed class RedisAccessTests(SharedSystem shared)
{
    private const string KeyRingKey = "AspireObo:FrontApi:DataProtection-Keys";
    private const string TokenCacheKey = "AspireObo:FrontApi:TokenCache:any-entry";

    private readonly RunningSystem _system = shared.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DownstreamApi_credentials_get_NOPERM_on_FrontApi_keys_and_reach_the_todos()
    {
        var todosKey = await AliceTodosKeyAsync();
        await using var downstream = await AuthenticatedAsync("cache-downstream");

        Assert.StartsWith("-NOPERM", await downstream.SendAsync(Cancellation, "LRANGE", KeyRingKey, "0", "-1"));
        Assert.StartsWith("-NOPERM", await downstream.SendAsync(Cancellation, "HGETALL", TokenCacheKey));
        Assert.StartsWith("-NOPERM", await downstream.SendAsync(Cancellation, "RPUSH", KeyRingKey, "<key>planted</key>"));
        Assert.StartsWith("-NOPERM", await downstream.SendAsync(Cancellation, "SCAN", "0"));
        Assert.StartsWith("*", await downstream.SendAsync(Cancellation, "HGETALL", todosKey)); // its own data: allowed
    }

    [Fact]
    public async Task FrontApi_credentials_get_NOPERM_on_the_todos_and_reach_the_key_ring()
    {
        var todosKey = await AliceTodosKeyAsync();
        await using var front = await AuthenticatedAsync("cache-front");

        Assert.StartsWith("-NOPERM", await front.SendAsync(Cancellation, "HGETALL", todosKey));
        Assert.StartsWith("-NOPERM", await front.SendAsync(Cancellation, "HSET", todosKey, "planted", "{}"));
        Assert.StartsWith("-NOPERM", await front.SendAsync(Cancellation, "SCAN", "0"));
        Assert.StartsWith("-NOPERM", await front.SendAsync(Cancellation, "FLUSHALL"));
        Assert.StartsWith("*", await front.SendAsync(Cancellation, "LRANGE", KeyRingKey, "0", "-1")); // its own data: allowed
    }

    [Fact]
    public async Task A_connection_without_credentials_gets_NOAUTH()
    {
        await using var anonymous = await RespConnection.OpenAsync(await ConnectionStringAsync("cache"), Cancellation);

        Assert.StartsWith("-NOAUTH", await anonymous.SendAsync(Cancellation, "PING"));
        Assert.StartsWith("-NOAUTH", await anonymous.SendAsync(Cancellation, "LRANGE", KeyRingKey, "0", "-1"));
        Assert.StartsWith("-WRONGPASS", await anonymous.SendAsync(Cancellation, "AUTH", "default", "not-the-password"));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_local_server_listens_on_loopback_and_keeps_its_files_owner_only()
    {
        var options = StackExchange.Redis.ConfigurationOptions.Parse(await ConnectionStringAsync("cache"));
        options.AllowAdmin = true;
        await using (var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(options))
        {
            var bind = await admin.GetServers().Single().ConfigGetAsync("bind");
            Assert.Equal("127.0.0.1", Assert.Single(bind).Value);
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_system.RedisDataDirectory));
        var aclFile = Path.Combine(_system.RedisDataDirectory, "users.acl");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(aclFile));
        var acl = await File.ReadAllTextAsync(aclFile, Cancellation);
        foreach (var resource in new[] { "cache", "cache-front", "cache-downstream" })
        {
            var password = (await ConnectionStringAsync(resource)).Split(',').Single(pair => pair.StartsWith("password=", StringComparison.Ordinal))["password=".Length..];
            Assert.DoesNotContain(password, acl, StringComparison.Ordinal); // stored as SHA-256 only
        }
    }

    /// <summary>Creates a todo for alice through the whole chain; returns the Redis key DownstreamApi keeps it under.</summary>
    private async Task<string> AliceTodosKeyAsync()
    {
        var alice = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        using var client = _system.CreateFrontClient(alice);
        using var created = await client.PostAsync("/api/todos",
            new StringContent("""{"title":"only mine"}""", Encoding.UTF8, "application/json"), Cancellation);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return $"todos:{alice.Claim("tid")}:{alice.ObjectId}";
    }

    private async Task<RespConnection> AuthenticatedAsync(string resource)
    {
        var connectionString = await ConnectionStringAsync(resource);
        var connection = await RespConnection.OpenAsync(connectionString, Cancellation);
        Assert.Equal("+OK", await connection.AuthenticateAsync(connectionString, Cancellation));
        return connection;
    }

    private async Task<string> ConnectionStringAsync(string resource) =>
        await _system.App.GetConnectionStringAsync(resource, Cancellation) ?? throw new InvalidOperationException($"No connection string for '{resource}'.");
}
