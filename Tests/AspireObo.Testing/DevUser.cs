using AspireObo.AppHost.Identity;
using EntraEmulator.Hosting.Emulator;

namespace AspireObo.Testing;

/// <summary>A user of the emulator's directory: the development users as the AppHost declares them (<see cref="DevelopmentTenant"/>).</summary>
public sealed record DevUser(string UserName, string Password)
{
    public static readonly DevUser Alice = Declared(DevelopmentTenant.Alice);
    public static readonly DevUser Bob = Declared(DevelopmentTenant.Bob);

    /// <summary>Conditional Access: MFA required for DownstreamApi.</summary>
    public static readonly DevUser Dana = Declared(DevelopmentTenant.Dana);

    private static DevUser Declared(EntraEmulatorUser user) =>
        new(user.UserPrincipalName ?? user.Name, user.Password ?? throw new InvalidOperationException($"{user.Name} has no password."));
}
