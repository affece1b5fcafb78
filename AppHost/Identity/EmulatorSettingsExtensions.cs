using Aspire.Hosting.ApplicationModel;
using AspireObo.AppHost;
using EntraEmulator.Hosting.Emulator;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

/// <summary>
/// The AppHost settings this sample's scripts and tests pass to the emulator: <c>EntraEmulator:DataDirectory</c> (default:
/// the per-user AspireObo folder) and <c>EntraEmulator:LoadTestUsers</c> (N numbered users for load tests).
/// </summary>
internal static class EmulatorSettingsExtensions
{
    public static IResourceBuilder<EntraEmulatorResource> WithAppHostSettings(
        this IResourceBuilder<EntraEmulatorResource> emulator, IConfiguration configuration) =>
        emulator
            .WithDataDirectory(configuration["EntraEmulator:DataDirectory"] is { Length: > 0 } configured
                ? configured
                : Path.Combine(AppHostPaths.DataRoot, "EntraEmulator"))
            .WithLoadTestUsers(configuration.GetValue("EntraEmulator:LoadTestUsers", 0));
}
