namespace AspireObo.Testing;

/// <summary>
/// The development tenant and app registrations the EntraEmulator plays (EntraEmulator/appsettings.json; the APIs'
/// appsettings.json name the same ids). Identifiers, not secrets. DevTenantTests checks them against those files.
/// </summary>
public static class DevTenant
{
    public const string TenantId = "5f1e7c2a-9b3d-4c8e-a1f0-3d2b6e4a7c90";
    public const string FrontApiClientId = "0d4a8f3e-2c1b-4e7a-9f6d-1a2b3c4d5e6f";
    public const string DownstreamApiClientId = "7b9c1d2e-3f4a-4b5c-8d6e-9f0a1b2c3d4e";
    public const string DevClientId = "c3e5a7b9-1d2f-4a6c-8e0b-2d4f6a8c0e1a";

    /// <summary>dana's object id (MFA required for DownstreamApi).</summary>
    public const string DanaObjectId = "6b8d0f2a-4c6e-4a8b-9d1f-5e7a9c1b3d5f";

    /// <summary>FrontApi's delegated scope: what a client asks for to call FrontApi as a user.</summary>
    public const string FrontApiScope = $"api://{FrontApiClientId}/access_as_user";

    /// <summary>DownstreamApi's read scope: what FrontApi asks for On-Behalf-Of the user.</summary>
    public const string DownstreamReadScope = $"api://{DownstreamApiClientId}/Todo.Read";

    /// <summary>The emulator's token endpoint, relative to its address.</summary>
    public const string TokenPath = $"{TenantId}/oauth2/v2.0/token";
}
