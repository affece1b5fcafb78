using Microsoft.Extensions.Options;

namespace EntraEmulator.Options;

/// <summary>
/// Start-up validation: a misspelt app name or a permission on a scope nobody exposes would otherwise surface
/// as a confusing token error much later, so every problem is reported at once, naming the configuration key.
/// </summary>
public sealed class EntraEmulatorOptionsValidator : IValidateOptions<EntraEmulatorOptions>
{
    private const string Section = EntraEmulatorOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, EntraEmulatorOptions options)
    {
        var failures = new List<string>();

        if (!Guid.TryParse(options.TenantId, out _))
        {
            failures.Add($"{Section}:TenantId must be a GUID (was '{options.TenantId}').");
        }

        if (!string.IsNullOrWhiteSpace(options.Instance)
            && (!Uri.TryCreate(options.Instance, UriKind.Absolute, out var instance)
                || instance.Scheme is not ("https" or "http")
                || instance.AbsolutePath != "/"))
        {
            failures.Add($"{Section}:Instance must be an absolute http(s) base address without a path, such as 'https://localhost:7180/' (was '{options.Instance}').");
        }

        if (options.AccessTokenLifetime is { } fixedLifetime && fixedLifetime <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:AccessTokenLifetime must be positive (was '{options.AccessTokenLifetime}').");
        }

        if (options.RefreshTokenLifetime <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:RefreshTokenLifetime must be positive (was '{options.RefreshTokenLifetime}').");
        }

        if (options.SpaRefreshTokenLifetime <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:SpaRefreshTokenLifetime must be positive (was '{options.SpaRefreshTokenLifetime}').");
        }

        if (options.MaxRefreshTokens < 1)
        {
            failures.Add($"{Section}:MaxRefreshTokens must be at least 1 (was '{options.MaxRefreshTokens}').");
        }

        if (options.ContinuousAccessEvaluationTokenLifetime <= TimeSpan.Zero || options.ContinuousAccessEvaluationTokenLifetime > TimeSpan.FromHours(28))
        {
            failures.Add($"{Section}:ContinuousAccessEvaluationTokenLifetime must be positive and at most 28 hours, Entra's bound (was '{options.ContinuousAccessEvaluationTokenLifetime}').");
        }

        foreach (var context in options.AuthenticationContexts.Keys.Where(id => !IsAuthenticationContextId(id)))
        {
            failures.Add($"{Section}:AuthenticationContexts:{context} is not an authentication context id: Entra's are c1 to c99.");
        }

        ValidateApplications(options, failures);
        ValidateUsers(options, failures);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsAuthenticationContextId(string id) =>
        id.Length is 2 or 3 && (id[0] is 'c' or 'C') && int.TryParse(id[1..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
        && number is >= 1 and <= 99 && !id[1..].StartsWith('0');

    private static void ValidateApplications(EntraEmulatorOptions options, List<string> failures)
    {
        var clientIds = new Dictionary<Guid, string>();
        var identifierUris = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        foreach (var (appName, app) in options.Applications)
        {
            var key = $"{Section}:Applications:{appName}";

            if (!Guid.TryParse(app.ClientId, out var clientId))
            {
                failures.Add($"{key}:ClientId must be a GUID (was '{app.ClientId}').");
            }
            else if (!clientIds.TryAdd(clientId, appName))
            {
                failures.Add($"{key}:ClientId '{app.ClientId}' is already used by application '{clientIds[clientId]}'.");
            }

            if (app.IsPublicClient && !string.IsNullOrEmpty(app.ClientSecret))
            {
                failures.Add($"{key}: a public client (IsPublicClient = true) cannot have a ClientSecret.");
            }

            if (!string.IsNullOrWhiteSpace(app.IdentifierUri))
            {
                if (!Uri.TryCreate(app.IdentifierUri, UriKind.Absolute, out _))
                {
                    failures.Add($"{key}:IdentifierUri must be an absolute URI such as 'api://{app.ClientId}' (was '{app.IdentifierUri}').");
                }
                else if (!identifierUris.TryAdd(app.IdentifierUri.TrimEnd('/'), appName))
                {
                    failures.Add($"{key}:IdentifierUri '{app.IdentifierUri}' is already used by application '{identifierUris[app.IdentifierUri.TrimEnd('/')]}'.");
                }
            }

            foreach (var value in app.Scopes.Concat(app.AppRoles))
            {
                if (string.IsNullOrWhiteSpace(value) || value.Any(char.IsWhiteSpace) || value.Contains('/') || value == ".default")
                {
                    failures.Add($"{key}: scope or app role '{value}' is not a valid permission name (no spaces, no '/', not '.default').");
                }
            }

            ValidateRedirectUris(key, "RedirectUris", app.RedirectUris, failures);
            ValidateRedirectUris(key, "PublicClientRedirectUris", app.PublicClientRedirectUris, failures);
            foreach (var claim in app.AccessTokenOptionalClaims.Where(claim => !SupportedOptionalClaims.Contains(claim, StringComparer.OrdinalIgnoreCase)))
            {
                failures.Add($"{key}:AccessTokenOptionalClaims: '{claim}' is not supported (supported: {string.Join(", ", SupportedOptionalClaims)}).");
            }
            ValidatePermissions(options, key, "ApiPermissions", app.ApiPermissions, target => target.Scopes, "exposes no delegated scope", failures);
            ValidatePermissions(options, key, "AppPermissions", app.AppPermissions, target => target.AppRoles, "exposes no app role", failures);
        }
    }

    /// <summary>As Entra: absolute, no fragment, HTTPS unless on the loopback (http://localhost is allowed for development).</summary>
    private static readonly string[] SupportedOptionalClaims = ["idtyp", "xms_cc"];

    private static void ValidateRedirectUris(string key, string property, List<string> redirectUris, List<string> failures)
    {
        for (var i = 0; i < redirectUris.Count; i++)
        {
            var value = redirectUris[i];
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
                || !string.IsNullOrEmpty(uri.Fragment)
                || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
            {
                failures.Add($"{key}:{property}:{i} must be an absolute https URI (or http on localhost) without a fragment (was '{value}').");
            }
        }
    }

    private static void ValidatePermissions(
        EntraEmulatorOptions options,
        string key,
        string kind,
        Dictionary<string, List<string>> permissions,
        Func<ApplicationOptions, List<string>> exposed,
        string noneExposedMessage,
        List<string> failures)
    {
        foreach (var (targetName, values) in permissions)
        {
            if (!options.Applications.TryGetValue(targetName, out var target))
            {
                failures.Add($"{key}:{kind}:{targetName}: there is no application named '{targetName}' (known: {string.Join(", ", options.Applications.Keys)}).");
                continue;
            }

            foreach (var value in values)
            {
                if (!exposed(target).Contains(value, StringComparer.OrdinalIgnoreCase))
                {
                    var available = exposed(target);
                    failures.Add(available.Count == 0
                        ? $"{key}:{kind}:{targetName}: '{value}' cannot be granted, application '{targetName}' {noneExposedMessage}."
                        : $"{key}:{kind}:{targetName}: '{value}' is not exposed by application '{targetName}' (it exposes: {string.Join(", ", available)}).");
                }
            }
        }
    }

    private static void ValidateUsers(EntraEmulatorOptions options, List<string> failures)
    {
        var objectIds = new Dictionary<Guid, string>();
        var upns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        foreach (var (userName, user) in options.Users)
        {
            var key = $"{Section}:Users:{userName}";

            if (!Guid.TryParse(user.ObjectId, out var objectId))
            {
                failures.Add($"{key}:ObjectId must be a GUID (was '{user.ObjectId}').");
            }
            else if (!objectIds.TryAdd(objectId, userName))
            {
                failures.Add($"{key}:ObjectId '{user.ObjectId}' is already used by user '{objectIds[objectId]}'.");
            }

            if (string.IsNullOrWhiteSpace(user.UserPrincipalName) || !user.UserPrincipalName.Contains('@'))
            {
                failures.Add($"{key}:UserPrincipalName must look like 'name@domain' (was '{user.UserPrincipalName}').");
            }
            else if (!upns.TryAdd(user.UserPrincipalName, userName))
            {
                failures.Add($"{key}:UserPrincipalName '{user.UserPrincipalName}' is already used by user '{upns[user.UserPrincipalName]}'.");
            }

            foreach (var resource in user.MfaRequiredFor.Where(resource => !options.Applications.ContainsKey(resource)))
            {
                failures.Add($"{key}:MfaRequiredFor names '{resource}', which is not an application in {Section}:Applications.");
            }
        }
    }
}
