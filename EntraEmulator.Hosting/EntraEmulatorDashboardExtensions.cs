using Aspire.Hosting.ApplicationModel;
using EntraEmulator.Hosting;
using EntraEmulator.Hosting.Applications;
using EntraEmulator.Hosting.Dashboard;

namespace Aspire.Hosting;

/// <summary>Development-only dashboard commands on a service, with the emulator (the emulator's own fault commands come with <c>RunAsEmulator()</c>).</summary>
public static class EntraEmulatorDashboardExtensions
{
    public const string GetTokenCommand = "get-dev-user-token";

    /// <summary>
    /// "Try it: get a token for a dev user…" on <paramref name="service"/>: signs a development user in at the emulator
    /// through the public <paramref name="client"/>, for <paramref name="scope"/>, and shows ready <c>curl</c> calls of
    /// <paramref name="paths"/> on the service's <paramref name="endpointName"/> endpoint. Nothing against a real tenant or when publishing.
    /// </summary>
    public static IResourceBuilder<T> WithDevelopmentUserTokenCommand<T>(this IResourceBuilder<T> service,
        IResourceBuilder<EntraIdResource> identity, IResourceBuilder<EntraIdApplicationResource> client, ReferenceExpression scope,
        string[] paths, string endpointName = "http")
        where T : IResourceWithEndpoints
    {
        if (!service.ApplicationBuilder.ExecutionContext.IsRunMode || identity.Resource.Emulator is not { } emulator)
        {
            return service;
        }

        var emulatorClient = new EmulatorClient(emulator);
        var endpoint = service.GetEndpoint(endpointName);
        return service.WithCommand(GetTokenCommand, "Try it: get a token for a dev user…", async context =>
        {
            if (DevelopmentUsers.Find(emulator, context.Arguments?.GetString(EmulatorFaultCommands.UserArgument)) is not { } user)
            {
                return CommandResults.Failure("Choose one of the development users.");
            }

            var scopeValue = await scope.GetValueAsync(context.CancellationToken) ?? "";
            var token = await emulatorClient.GetUserTokenAsync(user, client.Resource.ResolvedEmulatorClientId, scopeValue, context.CancellationToken);
            var calls = string.Join('\n', paths.Select(path => $"curl -H \"Authorization: Bearer {token}\" {endpoint.Url}{path}"));
            var markdown = $"""
                Signed in as **{user.Name}** at the local EntraEmulator (token valid for about an hour). Call {service.Resource.Name}:

                ```bash
                {calls}
                ```

                Then open the trace of that request under **Traces** to see the On-Behalf-Of exchange.
                """;
            return CommandResults.Success($"Token for {user.Name}: copy the curl command.", markdown, CommandResultFormat.Markdown, displayImmediately: true);
        }, new CommandOptions
        {
            Description = $"Signs a development user in at the EntraEmulator and shows curl commands that call {service.Resource.Name} with their token.",
            IconName = "Key",
            IconVariant = IconVariant.Regular,
            IsHighlighted = true,
            UpdateState = EmulatorFaultCommands.RunningOnly,
            Arguments =
            [
                new InteractionInput
                {
                    Name = EmulatorFaultCommands.UserArgument,
                    Label = "Development user",
                    InputType = InputType.Choice,
                    Required = true,
                    Options = DevelopmentUsers.Choices(emulator),
                },
            ],
        });
    }
}
