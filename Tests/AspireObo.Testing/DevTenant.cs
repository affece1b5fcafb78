using AspireObo.AppHost.Identity;

namespace AspireObo.Testing;

/// <summary>
/// The development tenant and app registrations the EntraEmulator plays, as the AppHost declares them
/// (<see cref="DevelopmentTenant"/>). Identifiers, not secrets. DevTenantTests checks that the emulator's own
/// appsettings.json (its tenant when run on its own) and the APIs' appsettings.json name the same.
/// </summary>
public static class DevTenant
{
    public const string TenantId = DevelopmentTenant.TenantId;
    public const string FrontApiClientId = DevelopmentTenant.FrontApiClientId;
    public const string DownstreamApiClientId = DevelopmentTenant.DownstreamApiClientId;
    public const string DevClientId = DevelopmentTenant.DevClientId;

    /// <summary>dana's object id (MFA required for DownstreamApi).</summary>
    public static readonly string DanaObjectId = DevelopmentTenant.Dana.ObjectId!;

    /// <summary>FrontApi's delegated scope: what a client asks for to call FrontApi as a user.</summary>
    public const string FrontApiScope = $"api://{FrontApiClientId}/access_as_user";

    /// <summary>DownstreamApi's read scope: what FrontApi asks for On-Behalf-Of the user.</summary>
    public const string DownstreamReadScope = $"api://{DownstreamApiClientId}/Todo.Read";

    /// <summary>The emulator's token endpoint, relative to its address.</summary>
    public const string TokenPath = $"{TenantId}/oauth2/v2.0/token";
}
