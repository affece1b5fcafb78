using System.Text.Json;

namespace EntraEmulator.Hosting.Emulator;

/// <summary>
/// <c>tenant.json</c> beside the emulator's certificate: where the emulator listens, its tenant id and every
/// application's client id, so a script (or a test) can ask for a token without reading the AppHost's code.
/// Identifiers only: no secret, no password.
/// </summary>
internal static class TenantFile
{
    public const string FileName = "tenant.json";

    public static void Write(EntraEmulatorResource emulator)
    {
        var content = new
        {
            instance = $"{emulator.HttpsEndpoint.Url}/",
            tenantId = emulator.TenantId,
            certificatePath = emulator.CertificatePath,
            applications = emulator.Tenant.Applications.ToDictionary(application => application.Name, application => application.ResolvedEmulatorClientId),
        };
        File.WriteAllText(Path.Combine(emulator.DataDirectory, FileName), JsonSerializer.Serialize(content, Indented));
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
