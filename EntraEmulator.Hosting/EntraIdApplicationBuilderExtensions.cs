using Aspire.Hosting.ApplicationModel;
using EntraEmulator.Hosting.Applications;

namespace Aspire.Hosting;

/// <summary>
/// What an application registration exposes and may call. With the emulator these become its directory; against a real
/// tenant they describe what the existing registration must have (the integration does not change a tenant).
/// </summary>
public static class EntraIdApplicationBuilderExtensions
{
    public static IResourceBuilder<EntraIdApplicationResource> WithDisplayName(this IResourceBuilder<EntraIdApplicationResource> application, string displayName)
    {
        application.Resource.DisplayName = displayName;
        return application;
    }

    /// <summary>The client id the emulator gives it, e.g. one that configuration files already name (otherwise derived from its name).</summary>
    public static IResourceBuilder<EntraIdApplicationResource> WithEmulatorClientId(this IResourceBuilder<EntraIdApplicationResource> application, string clientId)
    {
        application.Resource.EmulatorClientId = Guid.Parse(clientId).ToString("D");
        return application;
    }

    /// <summary>Exposes it as an API under a custom Application ID URI (default <c>api://{clientId}</c>).</summary>
    public static IResourceBuilder<EntraIdApplicationResource> WithApplicationIdUri(this IResourceBuilder<EntraIdApplicationResource> application, string applicationIdUri)
    {
        application.Resource.CustomApplicationIdUri = applicationIdUri.TrimEnd('/');
        return application;
    }

    /// <summary>A delegated permission it exposes, such as <c>access_as_user</c>.</summary>
    public static IResourceBuilder<EntraIdApplicationResource> WithScope(this IResourceBuilder<EntraIdApplicationResource> application, string scope)
    {
        application.Resource.Scopes.Add(scope);
        return application;
    }

    /// <summary>An application permission (app role) it exposes, granted to other applications with <c>WithAppPermissions</c>.</summary>
    public static IResourceBuilder<EntraIdApplicationResource> WithAppRole(this IResourceBuilder<EntraIdApplicationResource> application, string role)
    {
        application.Resource.AppRoles.Add(role);
        return application;
    }

    /// <summary>Delegated permissions on another application (admin consent granted): what it may ask for On-Behalf-Of a user.</summary>
    public static IResourceBuilder<EntraIdApplicationResource> WithApiPermissions(this IResourceBuilder<EntraIdApplicationResource> application,
        IResourceBuilder<EntraIdApplicationResource> api, params string[] scopes)
    {
        Add(application.Resource.ApiPermissions, api.Resource, scopes);
        return application;
    }

    /// <summary>Application permissions (app roles) granted on another application, for app-only tokens.</summary>
    public static IResourceBuilder<EntraIdApplicationResource> WithAppPermissions(this IResourceBuilder<EntraIdApplicationResource> application,
        IResourceBuilder<EntraIdApplicationResource> api, params string[] roles)
    {
        Add(application.Resource.AppPermissions, api.Resource, roles);
        return application;
    }

    /// <summary>A single-page-application redirect URI, matched exactly (e.g. a service's page: <c>$"{endpoint}/signin"</c>).</summary>
    public static IResourceBuilder<EntraIdApplicationResource> WithRedirectUri(this IResourceBuilder<EntraIdApplicationResource> application, ReferenceExpression redirectUri)
    {
        application.Resource.RedirectUris.Add(redirectUri);
        return application;
    }

    /// <summary>A mobile-and-desktop redirect URI, such as <c>http://localhost</c>.</summary>
    public static IResourceBuilder<EntraIdApplicationResource> WithPublicClientRedirectUri(this IResourceBuilder<EntraIdApplicationResource> application, string redirectUri)
    {
        application.Resource.PublicClientRedirectUris.Add(redirectUri);
        return application;
    }

    /// <summary>
    /// Optional claims this application, as a resource, asks for in its access tokens (the manifest's
    /// <c>optionalClaims.accessToken</c>), such as <c>xms_cc</c>: the calling client's capabilities (<c>cp1</c>: it handles
    /// claims challenges). With the emulator they are issued; in a real tenant the registration must ask for them.
    /// </summary>
    public static IResourceBuilder<EntraIdApplicationResource> WithAccessTokenOptionalClaims(this IResourceBuilder<EntraIdApplicationResource> application,
        params string[] claims)
    {
        application.Resource.AccessTokenOptionalClaims.AddRange(claims.Except(application.Resource.AccessTokenOptionalClaims));
        return application;
    }

    /// <summary>A public client (a CLI, a desktop or mobile app): no credential, signs users in for itself.</summary>
    public static IResourceBuilder<EntraIdApplicationResource> AsPublicClient(this IResourceBuilder<EntraIdApplicationResource> application)
    {
        application.Resource.IsPublicClient = true;
        return application;
    }

    /// <summary>
    /// Conditional Access on this application as a resource: these users get tokens for it only after multi-factor
    /// authentication (AADSTS50076 and a claims challenge otherwise). With the emulator it is enforced; against a real
    /// tenant it describes a policy the tenant must have.
    /// </summary>
    public static IResourceBuilder<EntraIdApplicationResource> WithMfaRequiredFor(this IResourceBuilder<EntraIdApplicationResource> application,
        params string[] userNames)
    {
        if (application.Resource.Tenant.Emulator is { } emulator)
        {
            foreach (var userName in userNames)
            {
                if (!emulator.MfaRequirements.TryGetValue(userName, out var applications))
                {
                    emulator.MfaRequirements[userName] = applications = [];
                }

                applications.Add(application.Resource);
            }
        }

        return application;
    }

    private static void Add(Dictionary<EntraIdApplicationResource, List<string>> permissions, EntraIdApplicationResource api, string[] values)
    {
        if (!permissions.TryGetValue(api, out var granted))
        {
            permissions[api] = granted = [];
        }

        granted.AddRange(values.Except(granted));
    }
}
