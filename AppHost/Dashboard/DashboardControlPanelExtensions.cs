using Aspire.Hosting.ApplicationModel;
using AspireObo.AppHost.Dashboard;

namespace Aspire.Hosting;

/// <summary>
/// The dashboard as the scenario's control panel: FrontApi's own development command (clear its token cache). The
/// identity platform's commands (throttle, slow down, require MFA, clear faults, a dev user's token) come with the
/// EntraEmulator.Hosting package. Run mode only (never published).
/// </summary>
public static class DashboardControlPanelExtensions
{
    public static IResourceBuilder<ProjectResource> WithTokenCacheControl(this IResourceBuilder<ProjectResource> front)
    {
        if (!front.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            return front;
        }

        // Generated per run, handed only to FrontApi and used only by the AppHost's command: never written to the repository.
        var adminKey = front.ApplicationBuilder.AddParameter("front-dev-admin-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);
        return front.WithTokenCacheCommand(adminKey);
    }
}
