using EntraEmulator.Options;
using Microsoft.Extensions.Options;

namespace EntraEmulator.Hosting;

/// <summary>
/// The emulator refuses to start outside the Development environment unless <see cref="EntraEmulatorOptions.AcknowledgeEmulator"/>
/// says it is wanted there (a test or CI environment): nobody should deploy it as an identity provider by accident.
/// Checked with the rest of the configuration at start, before the signing key is loaded or created.
/// </summary>
public sealed class DevelopmentOnly(IHostEnvironment environment) : IValidateOptions<EntraEmulatorOptions>
{
    public const string AcknowledgeSetting = $"{EntraEmulatorOptions.SectionName}:{nameof(EntraEmulatorOptions.AcknowledgeEmulator)}";

    public ValidateOptionsResult Validate(string? name, EntraEmulatorOptions options) =>
        environment.IsDevelopment() || options.AcknowledgeEmulator
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"EntraEmulator is a development and test stand-in for Microsoft Entra ID, not an identity provider: its users and " +
                $"passwords come from configuration, its signing key is a file in its data directory, and nothing in it is hardened " +
                $"for real sign-ins. It runs in the Development environment, and this one is '{environment.EnvironmentName}'. " +
                $"Use Microsoft Entra ID for anything real. To run the emulator here anyway (a test or CI environment), set " +
                $"{AcknowledgeSetting}=true (environment variable {AcknowledgeSetting.Replace(":", "__", StringComparison.Ordinal)}=true).");
}
