using Aspire.Hosting.ApplicationModel;
using AspireObo.AppHost.Dashboard;
using AspireObo.AppHost.Identity;

namespace Aspire.Hosting;

/// <summary>The dashboard as the scenario's control panel: commands that exist only when the AppHost runs (never published).</summary>
public static class DashboardControlPanelExtensions
{
    public static IDistributedApplicationBuilder AddDashboardControlPanel(
        this IDistributedApplicationBuilder builder, ApiIdentity identity, IResourceBuilder<ProjectResource> front)
    {
        if (!builder.ExecutionContext.IsRunMode)
        {
            return builder;
        }

        // Generated per run, handed only to FrontApi and used only by the AppHost's command: never written to the repository.
        var adminKey = builder.AddParameter("front-dev-admin-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);
        front.WithTokenCacheCommand(adminKey);

        if (identity.Emulator is { } emulator)
        {
            emulator.WithFaultCommands();
            front.WithDevUserTokenCommand(emulator);
        }

        return builder;
    }
}
