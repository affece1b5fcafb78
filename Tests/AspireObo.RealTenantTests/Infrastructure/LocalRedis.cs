using AspireObo.Testing;

[assembly: AssemblyFixture(typeof(AspireObo.RealTenantTests.Infrastructure.LocalRedis))]

namespace AspireObo.RealTenantTests.Infrastructure;

/// <summary>One throwaway redis-server (<see cref="LocalRedisServer"/>) for this test assembly: FrontApi in process reads its Data Protection keys from Redis at startup, and against an unreachable Redis every start would wait out the connection timeouts.</summary>
public sealed class LocalRedis : IAsyncLifetime
{
    private LocalRedisServer? _server;

    /// <summary>The connection string of the running server (set once the fixture has started).</summary>
    public static string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        _server = await LocalRedisServer.StartAsync();
        ConnectionString = _server.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
