using Aspire.Hosting.ApplicationModel;
using EntraEmulator.Hosting;
using EntraEmulator.Hosting.Applications;
using EntraEmulator.Hosting.Emulator;

namespace Aspire.Hosting;

/// <summary>The tenant and its application registrations, declared in the AppHost (Aspire's Entra ID vocabulary).</summary>
public static class EntraIdBuilderExtensions
{
    /// <summary>
    /// Adds a Microsoft Entra ID tenant. Against a real tenant (always when publishing) its id is the parameter
    /// <paramref name="tenantIdParameterName"/> (default <c>{name}-tenant-id</c>) and each application's client id the
    /// parameter <c>{application}-client-id</c>; with <c>RunAsEmulator()</c> in run mode, the local EntraEmulator plays it.
    /// </summary>
    public static IResourceBuilder<EntraIdResource> AddEntraId(this IDistributedApplicationBuilder builder, string name, string? tenantIdParameterName = null)
    {
        var tenant = new EntraIdResource(name, tenantIdParameterName ?? $"{name}-tenant-id");

        // Not itself in the model: its emulator is (under this name), or its parameters are.
        var identity = builder.CreateResourceBuilder(tenant);
        tenant.DeclareParameter = (parameterName, secret) => builder.AddParameter(parameterName, secret).Resource;

        if (builder.ExecutionContext.IsPublishMode || !string.IsNullOrWhiteSpace(builder.Configuration[$"Parameters:{tenant.TenantIdParameterName}"]))
        {
            tenant.UsesConfiguredTenant = true;
            tenant.Decide();
        }

        return identity;
    }

    /// <summary>A real tenant's authority host, for national clouds (default <c>https://login.microsoftonline.com/</c>); empty keeps the default.</summary>
    public static IResourceBuilder<EntraIdResource> WithInstance(this IResourceBuilder<EntraIdResource> identity, string? instance)
    {
        if (!string.IsNullOrWhiteSpace(instance))
        {
            identity.Resource.Instance = instance.EndsWith('/') ? instance : instance + "/";
        }

        return identity;
    }

    /// <summary>
    /// Declares an application registration. Its name names its parameters (<c>FrontApi</c> → <c>front-api-client-id</c>)
    /// and its entry in the emulator's directory.
    /// </summary>
    public static IResourceBuilder<EntraIdApplicationResource> AddApplication(this IResourceBuilder<EntraIdResource> identity, string name)
    {
        var tenant = identity.Resource;
        if (tenant.Applications.Any(existing => string.Equals(existing.Name, name, StringComparison.OrdinalIgnoreCase))
            || string.Equals(name, EntraIdApplicationResource.MicrosoftGraphName, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"'{tenant.Name}' already has an application named '{name}'.");
        }

        var application = new EntraIdApplicationResource(name, tenant);
        tenant.Add(application);

        return identity.ApplicationBuilder.CreateResourceBuilder(application);
    }

    /// <summary>Microsoft Graph, as a target of <c>WithApiPermissions</c> (e.g. <c>User.Read</c>).</summary>
    public static IResourceBuilder<EntraIdApplicationResource> GetMicrosoftGraph(this IResourceBuilder<EntraIdResource> identity) =>
        identity.ApplicationBuilder.CreateResourceBuilder(identity.Resource.MicrosoftGraph);

    /// <summary>
    /// Waits for the tenant: with the emulator, until it serves its metadata and keys (its health check); against a real
    /// tenant there is nothing to wait for.
    /// </summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<EntraIdResource> identity)
        where T : IResourceWithWaitSupport =>
        identity.Resource.Emulator is { } emulator
            ? builder.WaitFor(builder.ApplicationBuilder.CreateResourceBuilder(emulator))
            : builder;
}
