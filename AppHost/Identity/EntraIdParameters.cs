using Microsoft.Extensions.Configuration;

namespace AspireObo.AppHost.Identity;

/// <summary>
/// The AppHost parameters of a Microsoft Entra ID tenant and the two app registrations (<c>Parameters:&lt;name&gt;</c> in
/// user secrets locally, the azd environment in Azure; see docs/entra-setup.md). The integration derives the client-id
/// and credential parameters from the application names (<c>FrontApi</c> → <c>front-api-client-id</c>, ...).
/// </summary>
internal static class EntraIdParameters
{
    /// <summary>The directory (tenant) id, or a verified domain such as <c>contoso.onmicrosoft.com</c>; set → the tenant, unset → the emulator.</summary>
    public const string TenantId = "entra-tenant-id";

    private static readonly string[] Identifiers = [TenantId, "front-api-client-id", "downstream-api-client-id"];

    /// <summary>
    /// A run uses the tenant when its identifiers are configured, the emulator when none is: some but not all is a
    /// mistake to name now, not a prompt or a token error later.
    /// </summary>
    public static void RequireAllOrNone(IConfiguration configuration)
    {
        var missing = Identifiers.Where(name => string.IsNullOrWhiteSpace(configuration[Key(name)])).ToList();
        if (missing.Count == 0 || missing.Count == Identifiers.Length)
        {
            return;
        }

        throw new InvalidOperationException(
            $"Microsoft Entra ID mode needs all of {string.Join(", ", Identifiers)}; not set: {string.Join(", ", missing.Select(Key))}. " +
            $"Set them (dotnet user-secrets set \"{Key(missing[0])}\" <value> --project AppHost) or remove the others to use the local " +
            "EntraEmulator. See docs/entra-setup.md.");
    }

    private static string Key(string name) => $"Parameters:{name}";
}
