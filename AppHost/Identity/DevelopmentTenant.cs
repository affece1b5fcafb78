using EntraEmulator.Hosting.Emulator;

namespace AspireObo.AppHost.Identity;

/// <summary>
/// The tenant the local EntraEmulator plays for this sample: fixed identifiers (the APIs' appsettings.json name them too)
/// and the development users, written once here; the test harness (Tests/AspireObo.Testing: DevTenant, DevUser) reads
/// them from this class, and DevTenantTests checks the emulator's own appsettings.json against it. Identifiers and
/// development passwords of an emulated tenant, not secrets; FrontApi's client secret is generated per run.
/// </summary>
public static class DevelopmentTenant
{
    public const string TenantId = "5f1e7c2a-9b3d-4c8e-a1f0-3d2b6e4a7c90";
    public const string FrontApiClientId = "0d4a8f3e-2c1b-4e7a-9f6d-1a2b3c4d5e6f";
    public const string DownstreamApiClientId = "7b9c1d2e-3f4a-4b5c-8d6e-9f0a1b2c3d4e";
    public const string DevClientId = "c3e5a7b9-1d2f-4a6c-8e0b-2d4f6a8c0e1a";

    /// <summary>The authentication context (Conditional Access: MFA) DownstreamApi asks for before it deletes a todo.</summary>
    public const string DeleteTodoContext = "c1";

    public static readonly EntraEmulatorUser Alice = new("alice")
    {
        ObjectId = "9a1c3e5f-7b2d-4f6a-8c0e-1b3d5f7a9c2e",
        DisplayName = "Alice Smith",
        UserPrincipalName = "alice@aspireobo.dev",
        Password = "alice-dev-password",
        GivenName = "Alice",
        Surname = "Smith",
        JobTitle = "Developer",
    };

    public static readonly EntraEmulatorUser Bob = new("bob")
    {
        ObjectId = "4e6a8c0e-2b4d-4f6a-9c1e-3d5f7b9a1c4d",
        DisplayName = "Bob Jones",
        UserPrincipalName = "bob@aspireobo.dev",
        Password = "bob-dev-password",
        GivenName = "Bob",
        Surname = "Jones",
    };

    /// <summary>Conditional Access requires MFA for her DownstreamApi tokens (declared on DownstreamApi in Program.cs).</summary>
    public static readonly EntraEmulatorUser Dana = new("dana")
    {
        ObjectId = "6b8d0f2a-4c6e-4a8b-9d1f-5e7a9c1b3d5f",
        DisplayName = "Dana Lee (Conditional Access: MFA for DownstreamApi)",
        UserPrincipalName = "dana@aspireobo.dev",
        Password = "dana-dev-password",
    };
}
