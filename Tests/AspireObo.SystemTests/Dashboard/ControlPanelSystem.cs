using Aspire.Hosting.ApplicationModel;

namespace AspireObo.SystemTests.Dashboard;

/// <summary>A system of its own, with the dashboard, for the tests that click its commands (they throttle the identity platform).</summary>
public sealed class ControlPanelSystem() : PrivateSystem(new SystemOptions())
{
    private DashboardTelemetry? _dashboard;

    public DashboardTelemetry Dashboard => _dashboard ??= DashboardTelemetry.ConnectAsync(System, TestContext.Current.CancellationToken).GetAwaiter().GetResult();

    public async Task<ExecuteCommandResult> RunCommandAsync(string resource, string command, CancellationToken cancellationToken, string? user = null)
    {
        var arguments = user is null ? null : new InteractionInputCollection(
            [new InteractionInput { Name = "user", InputType = InputType.Choice, Value = user }]);
        return arguments is null
            ? await System.App.ResourceCommands.ExecuteCommandAsync(resource, command, cancellationToken)
            : await System.App.ResourceCommands.ExecuteCommandAsync(resource, command, arguments, cancellationToken);
    }

    /// <summary>The "Scenario" property the commands show on a resource.</summary>
    public async Task<string?> ScenarioAsync(string resource, CancellationToken cancellationToken)
    {
        var current = await System.App.ResourceNotifications.WaitForResourceAsync(resource, _ => true, cancellationToken);
        return current.Snapshot.Properties.FirstOrDefault(property => property.Name == EntraEmulator.Hosting.Dashboard.ScenarioStateProperty.DefaultName)?.Value as string;
    }
}
