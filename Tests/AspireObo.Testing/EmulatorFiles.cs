using Aspire.Hosting.ApplicationModel;

namespace AspireObo.Testing;

/// <summary>
/// The emulator's files as the running system has them: read from the environment the AppHost gave the emulator
/// (its Kestrel certificate, its data directory), so they follow wherever the AppHost puts them.
/// </summary>
internal sealed record EmulatorFiles(string CertificatePath, string SigningKeyPath)
{
    /// <summary>The emulator keeps its signing key under this name in its data directory (EntraEmulator's signing-key store).</summary>
    private const string SigningKeyFile = "signing-key.pem";

    public static EmulatorFiles Of(CustomResourceSnapshot identity) => new(
        Variable(identity, "Kestrel__Certificates__Default__Path"),
        Path.Combine(Variable(identity, "EntraEmulator__DataDirectory"), SigningKeyFile));

    private static string Variable(CustomResourceSnapshot snapshot, string name) =>
        snapshot.EnvironmentVariables.FirstOrDefault(variable => variable.Name == name)?.Value is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"The emulator resource has no {name} in its environment.");
}
