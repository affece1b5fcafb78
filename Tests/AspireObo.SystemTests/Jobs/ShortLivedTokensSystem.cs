using Aspire.Hosting.ApplicationModel;
using EntraEmulator.Hosting.Emulator;

namespace AspireObo.SystemTests.Jobs;

/// <summary>
/// A system whose emulator issues access tokens valid for <see cref="AccessTokenLifetime"/> only, so a job outlives
/// the user's token within a test. (MSAL renews a token 5 minutes before it expires, so here every token a job asks
/// for comes from redeeming the session's refresh token.)
/// </summary>
public sealed class ShortLivedTokensSystem() : PrivateSystem(new SystemOptions
{
    ConfigureAppHost = appHost => appHost.CreateResourceBuilder<EntraEmulatorResource>("identity")
        .WithEnvironment("EntraEmulator__AccessTokenLifetime", AccessTokenLifetime.ToString("c")),
})
{
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromSeconds(15);
}
