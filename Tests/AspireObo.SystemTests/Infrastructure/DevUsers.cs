namespace AspireObo.SystemTests.Infrastructure;

/// <summary>The EntraEmulator's default development users (EntraEmulator/appsettings.json).</summary>
public sealed record DevUser(string UserName, string Password)
{
    public static readonly DevUser Alice = new("alice@aspireobo.dev", "alice-dev-password");
    public static readonly DevUser Bob = new("bob@aspireobo.dev", "bob-dev-password");

    /// <summary>Conditional Access: MFA required for DownstreamApi.</summary>
    public static readonly DevUser Dana = new("dana@aspireobo.dev", "dana-dev-password");
}

public static class DevApplications
{
    public const string TenantId = "5f1e7c2a-9b3d-4c8e-a1f0-3d2b6e4a7c90";
    public const string FrontApiClientId = "0d4a8f3e-2c1b-4e7a-9f6d-1a2b3c4d5e6f";
    public const string DevClientId = "c3e5a7b9-1d2f-4a6c-8e0b-2d4f6a8c0e1a";
    public const string DownstreamApiClientId = "7b9c1d2e-3f4a-4b5c-8d6e-9f0a1b2c3d4e";
    public const string FrontApiScope = $"api://{FrontApiClientId}/access_as_user";
}
