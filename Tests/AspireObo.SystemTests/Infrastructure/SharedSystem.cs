namespace AspireObo.SystemTests.Infrastructure;

/// <summary>
/// One running system (two FrontApi replicas) shared by the tests of the <see cref="CollectionName"/> collection:
/// starting it costs seconds, so only tests that stop resources or change configuration start their own.
/// </summary>
public sealed class SharedSystem : IAsyncLifetime
{
    public const string CollectionName = "Shared system";

    private RunningSystem? _system;

    public RunningSystem System => _system ?? throw new InvalidOperationException("The system is not started.");

    public async ValueTask InitializeAsync() =>
        _system = await RunningSystem.StartAsync(new SystemOptions { FrontReplicas = 2 }, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
    }
}

[CollectionDefinition(SharedSystem.CollectionName)]
public sealed class SharedSystemCollection : ICollectionFixture<SharedSystem>;
