using Aspire.Hosting.ApplicationModel;
using EntraEmulator.Hosting;
using EntraEmulator.Hosting.Applications;

namespace Aspire.Hosting;

/// <summary>A service that is one of the tenant's applications: its configuration, as Microsoft.Identity.Web reads it.</summary>
public static class EntraIdReferenceExtensions
{
    /// <summary>The key services read to trust the emulator's certificate (that one only, and only in emulator mode).</summary>
    public const string TrustedCertificatePathKey = "EntraEmulator__TrustedCertificatePath";

    /// <summary>
    /// Gives <paramref name="service"/> the <c>AzureAd</c> section of <paramref name="application"/> (<c>Instance</c>,
    /// <c>TenantId</c>, <c>ClientId</c>, its <c>ClientCredentials</c>), a <c>DownstreamApis:{api}:Scopes</c> entry for
    /// every application it holds delegated permissions on (Microsoft Graph's <c>BaseUrl</c> too, with the emulator, which
    /// serves <c>/v1.0/me</c>), and, only with the emulator, <see cref="TrustedCertificatePathKey"/>; then waits for the emulator to be ready.
    /// </summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> service,
        IResourceBuilder<EntraIdResource> identity, IResourceBuilder<EntraIdApplicationResource> application, string downstreamApisPrefix = "DownstreamApis")
        where T : IResourceWithEnvironment, IResourceWithWaitSupport
    {
        var tenant = identity.Resource;
        var registration = application.Resource;
        if (registration.Tenant != tenant)
        {
            throw new ArgumentException($"'{registration.Name}' is an application of '{registration.Tenant.Name}', not of '{tenant.Name}'.", nameof(application));
        }

        // Every parameter this reference needs is declared now, before the model is built (never while it is published).
        var instance = tenant.InstanceAddress;
        var tenantId = tenant.TenantId;
        var clientId = registration.ClientId;
        var scopeUris = registration.ApiPermissions.ToDictionary(
            permission => permission.Key,
            permission => permission.Value.Select(scope => permission.Key.IsMicrosoftGraph ? scope : (object)permission.Key.GetScopeUri(scope)).ToList());
        service.WithEnvironment(context =>
        {
            var environment = context.EnvironmentVariables;
            environment["AzureAd__Instance"] = instance;
            environment["AzureAd__TenantId"] = tenantId;
            environment["AzureAd__ClientId"] = clientId;
            registration.Credential?.WriteServiceSettings(environment);

            foreach (var (api, scopes) in scopeUris)
            {
                // Graph's scopes by their short names, as Identity.Web's own samples configure Graph.
                var entry = $"{downstreamApisPrefix}__{api.Name}__";
                for (var i = 0; i < scopes.Count; i++)
                {
                    environment[$"{entry}Scopes__{i}"] = scopes[i];
                }

                if (api.IsMicrosoftGraph && tenant.Emulator is { } graphHost)
                {
                    environment[$"{entry}BaseUrl"] = ReferenceExpression.Create($"{graphHost.HttpsEndpoint}/v1.0");
                }
            }

            if (tenant.Emulator is { } emulator)
            {
                environment[TrustedCertificatePathKey] = emulator.CertificatePath;
            }
        });

        return service.WaitFor(identity);
    }
}
