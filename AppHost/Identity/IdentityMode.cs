using Microsoft.Extensions.Configuration;

namespace AspireObo.AppHost.Identity;

/// <summary>Which authority the APIs trust.</summary>
public enum IdentityMode
{
    /// <summary>The local EntraEmulator (development and tests: no tenant, no internet).</summary>
    EntraEmulator,

    /// <summary>A real Microsoft Entra ID tenant, from the <see cref="EntraIdParameters"/>.</summary>
    EntraId,
}

/// <summary>
/// Decides the mode: publishing (azd, <c>--publisher manifest</c>) always targets Entra ID, since the emulator is
/// never deployed; a run targets Entra ID as soon as any of its identifiers is configured, otherwise the emulator.
/// </summary>
internal static class IdentityModeSelector
{
    public static IdentityMode Select(IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return IdentityMode.EntraId;
        }

        var configured = EntraIdParameters.Identifiers
            .Where(name => !string.IsNullOrWhiteSpace(builder.Configuration[ParameterKey(name)]))
            .ToList();
        if (configured.Count == 0)
        {
            return IdentityMode.EntraEmulator;
        }

        var missing = EntraIdParameters.Identifiers.Except(configured).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Microsoft Entra ID mode needs all of {string.Join(", ", EntraIdParameters.Identifiers)}; " +
                $"not set: {string.Join(", ", missing.Select(ParameterKey))}. Set them (dotnet user-secrets set \"{ParameterKey(missing[0])}\" <value> " +
                "--project AppHost) or remove the others to use the local EntraEmulator. See docs/entra-setup.md.");
        }

        return IdentityMode.EntraId;
    }

    private static string ParameterKey(string name) => $"Parameters:{name}";
}
