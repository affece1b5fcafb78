using Aspire.Hosting.ApplicationModel;
using AspireObo.AppHost.Identity;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

/// <summary>The APIs' identity: the local EntraEmulator, or a Microsoft Entra ID tenant (see <see cref="IdentityModeSelector"/>).</summary>
public static class IdentityBuilderExtensions
{
    /// <summary>
    /// Adds the authority the mode asks for: the EntraEmulator resource <paramref name="emulatorName"/> (run mode
    /// with no Entra ID parameters), or the Entra ID parameters (run mode with them set, and always when publishing).
    /// </summary>
    public static ApiIdentity AddApiIdentity(this IDistributedApplicationBuilder builder, string emulatorName) =>
        IdentityModeSelector.Select(builder) switch
        {
            IdentityMode.EntraId => builder.AddEntraIdTenant(),
            _ => builder.AddEmulatorIdentity(emulatorName),
        };

    /// <summary>DownstreamApi's app registration, and FrontApi as the one client allowed to call it (<c>azp</c>).</summary>
    public static IResourceBuilder<ProjectResource> WithDownstreamApiIdentity(this IResourceBuilder<ProjectResource> api, ApiIdentity identity) =>
        identity.ApplyToDownstreamApi(api)
            .WithEnvironment("AllowedClientApplications__0", identity.FrontApiClientId);

    /// <summary>FrontApi's app registration and credential, and the DownstreamApi scopes it asks for per operation.</summary>
    public static IResourceBuilder<ProjectResource> WithFrontApiIdentity(this IResourceBuilder<ProjectResource> api, ApiIdentity identity) =>
        identity.ApplyToFrontApi(api)
            .WithEnvironment("DownstreamApis__TodoApi__ReadScopes__0", ReferenceExpression.Create($"api://{identity.DownstreamApiClientId}/Todo.Read"))
            .WithEnvironment("DownstreamApis__TodoApi__WriteScopes__0", ReferenceExpression.Create($"api://{identity.DownstreamApiClientId}/Todo.ReadWrite"));

    private static ApiIdentity AddEmulatorIdentity(this IDistributedApplicationBuilder builder, string emulatorName)
    {
        // Generated per run and handed to both sides: never written to a file in the repository.
        var frontApiSecret = builder.AddParameter("front-client-secret",
            new GenerateParameterDefault { MinLength = 40, Special = false }, secret: true);
        var emulator = builder.AddEntraEmulator(emulatorName, frontApiSecret);

        return new ApiIdentity(
            IdentityMode.EntraEmulator,
            emulator,
            ReferenceExpression.Create($"{DevelopmentIdentities.FrontApiClientId}"),
            ReferenceExpression.Create($"{DevelopmentIdentities.DownstreamApiClientId}"),
            frontApi: api => api
                .WithEmulatorAuthority(emulator, DevelopmentIdentities.FrontApiClientId)
                .WithEmulatorGraph(emulator)
                .WithEmulatorFrontApiCredential(emulator, frontApiSecret, FrontApiCredentialSetting.Read(builder.Configuration, IdentityMode.EntraEmulator)),
            downstreamApi: api => api.WithEmulatorAuthority(emulator, DevelopmentIdentities.DownstreamApiClientId));
    }
}
