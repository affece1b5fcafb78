using Aspire.Hosting.ApplicationModel;
using EntraEmulator.Hosting.Applications;

namespace EntraEmulator.Hosting.Emulator;

/// <summary>
/// The declared tenant as the emulator's configuration (<c>EntraEmulator:*</c>, see EntraEmulator/Options): its
/// applications with their scopes, roles, permissions, redirect URIs and credentials, its users and Conditional Access
/// rules, token lifetimes. Written when the emulator starts, so everything declared in the AppHost is there.
/// </summary>
internal static class TenantDirectorySettings
{
    private const string Section = "EntraEmulator__";

    public static void Write(IDictionary<string, object> environment, EntraEmulatorResource emulator)
    {
        var tenant = emulator.Tenant;
        environment[Section + "Instance"] = ReferenceExpression.Create($"{emulator.HttpsEndpoint}/");
        environment[Section + "TenantId"] = emulator.TenantId;
        environment[Section + "DataDirectory"] = emulator.DataDirectory;
        if (emulator.AccessTokenLifetime is { } accessTokenLifetime)
        {
            environment[Section + "AccessTokenLifetime"] = accessTokenLifetime.ToString("c");
        }

        if (emulator.RefreshTokenLifetime is { } refreshTokenLifetime)
        {
            environment[Section + "RefreshTokenLifetime"] = refreshTokenLifetime.ToString("c");
        }

        if (emulator.LoadTestUsers > 0)
        {
            environment[Section + "LoadTestUsers"] = emulator.LoadTestUsers.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (id, displayName) in emulator.AuthenticationContexts)
        {
            environment[$"{Section}AuthenticationContexts__{id}"] = displayName;
        }

        foreach (var application in tenant.Applications.Prepend(tenant.MicrosoftGraph))
        {
            WriteApplication(environment, $"{Section}Applications__{application.Name}__", application);
        }

        foreach (var user in emulator.Users)
        {
            WriteUser(environment, $"{Section}Users__{user.Name}__", user, emulator);
        }
    }

    private static void WriteApplication(IDictionary<string, object> environment, string key, EntraIdApplicationResource application)
    {
        environment[key + "ClientId"] = application.ResolvedEmulatorClientId;
        environment[key + "DisplayName"] = application.DisplayName ?? application.Name;
        if (application.CustomApplicationIdUri is { } identifierUri)
        {
            environment[key + "IdentifierUri"] = identifierUri;
        }

        if (application.IsPublicClient)
        {
            environment[key + "IsPublicClient"] = "true";
        }

        WriteList(environment, key + "Scopes", application.Scopes);
        WriteList(environment, key + "AppRoles", application.AppRoles);
        WriteList(environment, key + "PublicClientRedirectUris", application.PublicClientRedirectUris);
        WriteList(environment, key + "AccessTokenOptionalClaims", application.AccessTokenOptionalClaims);
        for (var i = 0; i < application.RedirectUris.Count; i++)
        {
            environment[$"{key}RedirectUris__{i}"] = application.RedirectUris[i];
        }

        foreach (var (target, scopes) in application.ApiPermissions)
        {
            WriteList(environment, $"{key}ApiPermissions__{target.Name}", scopes);
        }

        foreach (var (target, roles) in application.AppPermissions)
        {
            WriteList(environment, $"{key}AppPermissions__{target.Name}", roles);
        }

        foreach (var (name, value) in application.Credential?.EmulatorSettings() ?? [])
        {
            environment[key + name] = value;
        }
    }

    private static void WriteUser(IDictionary<string, object> environment, string key, EntraEmulatorUser user, EntraEmulatorResource emulator)
    {
        environment[key + "ObjectId"] = user.ObjectId ?? StableIds.Derive($"user:{emulator.TenantId}:{user.Name}");
        environment[key + "UserPrincipalName"] = user.UserPrincipalName ?? $"{user.Name}@{emulator.Tenant.Name}.onmicrosoft.com";
        var optional = new (string Name, string? Value)[]
        {
            ("DisplayName", user.DisplayName), ("Password", user.Password), ("GivenName", user.GivenName), ("Surname", user.Surname),
            ("JobTitle", user.JobTitle), ("OfficeLocation", user.OfficeLocation), ("PreferredLanguage", user.PreferredLanguage),
        };
        foreach (var (name, value) in optional.Where(property => property.Value is not null))
        {
            environment[key + name] = value!;
        }

        if (emulator.MfaRequirements.TryGetValue(user.Name, out var applications))
        {
            WriteList(environment, key + "MfaRequiredFor", [.. applications.Select(application => application.Name)]);
        }
    }

    private static void WriteList(IDictionary<string, object> environment, string key, IReadOnlyList<string> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            environment[$"{key}__{i}"] = values[i];
        }
    }
}
