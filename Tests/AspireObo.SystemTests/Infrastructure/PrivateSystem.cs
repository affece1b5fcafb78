namespace AspireObo.SystemTests.Infrastructure;

/// <summary>
/// A system of its own for one test class (<c>IClassFixture</c>), for tests that stop resources or inject faults
/// and so must not disturb the <see cref="SharedSystem"/>.
/// </summary>
public abstract class PrivateSystem(SystemOptions options) : IAsyncLifetime
{
    private RunningSystem? _system;

    public RunningSystem System => _system ?? throw new InvalidOperationException("The system is not started.");

    public async ValueTask InitializeAsync() =>
        _system = await RunningSystem.StartAsync(options, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
