using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using EntraEmulator.Hosting.Emulator;
using Microsoft.Extensions.DependencyInjection;

namespace EntraEmulator.Hosting.Dashboard;

/// <summary>
/// Commands on the emulator's resource that make the identity platform misbehave, so a developer sees in the dashboard
/// how their services cope: throttling, slowness, a user who now needs MFA, and back to normal. Each asks for
/// confirmation and shows what it switched on as the resource's "Scenario" property. Run mode only.
/// </summary>
internal static class EmulatorFaultCommands
{
    public const string Throttle = "throttle-token-endpoint";
    public const string Slow = "slow-token-endpoint";
    public const string RequireMfa = "require-mfa";
    public const string ClearFaults = "clear-faults";
    public const string UserArgument = "user";

    public static readonly TimeSpan ThrottleDuration = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan SlowDuration = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan SlowDelay = TimeSpan.FromSeconds(2);

    public static IResourceBuilder<EntraEmulatorResource> WithFaultCommands(this IResourceBuilder<EntraEmulatorResource> emulator)
    {
        var client = new EmulatorClient(emulator.Resource);
        var state = new ScenarioStateProperty(emulator.Resource);

        emulator.WithCommand(Throttle, "Throttle the token endpoint (30 s)", async context =>
        {
            await client.SetTokenEndpointFaultAsync(new
            {
                statusCode = 429,
                retryAfterSeconds = (int)ThrottleDuration.TotalSeconds,
                durationSeconds = (int)ThrottleDuration.TotalSeconds,
            }, context.CancellationToken);
            await state.ShowAsync(Notifications(context), $"throttled: 429 + Retry-After {ThrottleDuration.TotalSeconds:0} s until {Until(ThrottleDuration)}", ThrottleDuration);
            return CommandResults.Success();
        }, Options(
            "Every token request gets 429 Too Many Requests with Retry-After: 30 for the next 30 seconds, as Entra answers when it throttles.",
            "Throttle the token endpoint for 30 seconds? Token requests that are not served from a cache will fail with 429.",
            "TopSpeed"));

        emulator.WithCommand(Slow, "Make the token endpoint slow (60 s)", async context =>
        {
            await client.SetTokenEndpointFaultAsync(new
            {
                delayMilliseconds = (int)SlowDelay.TotalMilliseconds,
                durationSeconds = (int)SlowDuration.TotalSeconds,
            }, context.CancellationToken);
            await state.ShowAsync(Notifications(context), $"slow: every token request waits {SlowDelay.TotalSeconds:0} s until {Until(SlowDuration)}", SlowDuration);
            return CommandResults.Success();
        }, Options(
            "Every token request waits 2 seconds before it is answered, for the next 60 seconds.",
            "Make every token request wait 2 seconds for the next 60 seconds?",
            "Hourglass"));

        emulator.WithCommand(RequireMfa, "Require MFA for a user…", async context =>
        {
            if (DevelopmentUsers.Find(emulator.Resource, context.Arguments?.GetString(UserArgument)) is not { } user)
            {
                return CommandResults.Failure("Choose one of the development users.");
            }

            var applications = OnBehalfOfTargets(emulator.Resource);
            await client.RequireMfaAsync(user.Name, applications, context.CancellationToken);
            var names = string.Join(", ", applications);
            await state.ShowAsync(Notifications(context), $"MFA required: {user.Name} for {names} (until cleared)");
            return CommandResults.Success($"{user.Name} now needs multi-factor authentication for {names}: the next On-Behalf-Of exchange for them gets a claims challenge.");
        }, Options(
            "Conditional Access at run time: the chosen user needs multi-factor authentication for the APIs called On-Behalf-Of users, until the faults are cleared.",
            "Require multi-factor authentication for this user's tokens for the downstream APIs?",
            "ShieldKeyhole",
            arguments:
            [
                new InteractionInput
                {
                    Name = UserArgument,
                    Label = "Development user",
                    InputType = InputType.Choice,
                    Required = true,
                    Options = DevelopmentUsers.Choices(emulator.Resource),
                },
            ]));

        emulator.WithCommand(ClearFaults, "Clear all faults", async context =>
        {
            await client.ClearFaultsAsync(context.CancellationToken);
            await state.ClearAsync(Notifications(context));
            return CommandResults.Success();
        }, Options(
            "Back to normal: no throttling, no delay, no MFA requirement added at run time.",
            "Clear every fault and MFA requirement switched on from the dashboard?",
            "ArrowReset"));

        return emulator;
    }

    /// <summary>The emulator must be up to take the command.</summary>
    public static ResourceCommandState RunningOnly(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.State?.Text == KnownResourceStates.Running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled;

    /// <summary>The APIs a confidential application holds delegated permissions on: the ones it calls On-Behalf-Of a user.</summary>
    private static IReadOnlyList<string> OnBehalfOfTargets(EntraEmulatorResource emulator) =>
        [.. emulator.Tenant.Applications
            .Where(application => !application.IsPublicClient)
            .SelectMany(application => application.ApiPermissions.Keys)
            .Select(api => api.Name)
            .Distinct(StringComparer.OrdinalIgnoreCase)];

    private static CommandOptions Options(string description, string confirmation, string icon, IReadOnlyList<InteractionInput>? arguments = null) => new()
    {
        Description = description,
        ConfirmationMessage = confirmation,
        IconName = icon,
        IconVariant = IconVariant.Regular,
        UpdateState = RunningOnly,
        Arguments = arguments ?? [],
    };

    private static ResourceNotificationService Notifications(ExecuteCommandContext context) =>
        context.Services.GetRequiredService<ResourceNotificationService>();

    private static string Until(TimeSpan duration) => DateTimeOffset.Now.Add(duration).ToString("HH:mm:ss");
}
