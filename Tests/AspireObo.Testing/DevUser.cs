namespace AspireObo.Testing;

/// <summary>A user of the emulator's directory: the default development users (EntraEmulator/appsettings.json).</summary>
public sealed record DevUser(string UserName, string Password)
{
    public static readonly DevUser Alice = new("alice@aspireobo.dev", "alice-dev-password");
    public static readonly DevUser Bob = new("bob@aspireobo.dev", "bob-dev-password");

    /// <summary>Conditional Access: MFA required for DownstreamApi.</summary>
    public static readonly DevUser Dana = new("dana@aspireobo.dev", "dana-dev-password");
}
