using EntraEmulator.Graph;
using EntraEmulator.Model;

namespace EntraEmulator.Protocol;

/// <summary>
/// Turns a v2.0 <c>scope</c> parameter into what may be granted, Entra's way: scopes are <c>{resource}/{name}</c>
/// (resource = Application ID URI or client id), one resource per request, <c>/.default</c> = everything consented,
/// and a client only gets what its API permissions (admin-consented here) allow.
/// </summary>
public sealed class ScopeResolver(TenantDirectory directory)
{
    private const string DefaultScope = ".default";

    private static readonly string[] OidcScopes = ["openid", "profile", "offline_access", "email"];

    public Resolution<DelegatedScopes> ResolveDelegated(string scopeParameter, RegisteredApplication client)
    {
        var requested = Split(scopeParameter);
        var oidc = requested.Where(IsOidcScope).Select(s => s.ToLowerInvariant()).Distinct().ToList();
        var resourceScopes = requested.Where(s => !IsOidcScope(s)).ToList();

        var parsed = new List<(string Full, string Prefix, string Name, RegisteredApplication Resource)>();
        foreach (var scope in resourceScopes)
        {
            if (!TrySplitResource(scope, out var prefix, out var name))
            {
                // A bare name means a Microsoft Graph permission in Entra (when Graph is registered here: EntraEmulator/Graph).
                if (directory.FindResource(MicrosoftGraph.ResourceUri) is null)
                {
                    return EntraError.InvalidScope(scope);
                }

                (prefix, name) = (MicrosoftGraph.ResourceUri, scope);
            }

            var resource = directory.FindResource(prefix);
            if (resource is null)
            {
                return EntraError.ResourceNotFound(prefix, directory.TenantId);
            }

            parsed.Add((scope, prefix, name, resource));
        }

        if (parsed.Select(p => p.Resource.ClientId).Distinct().Count() > 1)
        {
            return EntraError.MultipleResources(string.Join(' ', requested));
        }

        if (parsed.Count == 0)
        {
            // Entra would default to Microsoft Graph here.
            return EntraError.InvalidScope(string.Join(' ', requested));
        }

        var target = parsed[0].Resource;
        var allowed = client.DelegatedScopesAllowedOn(target);
        var responseScopes = new List<string>();

        foreach (var (full, _, name, _) in parsed)
        {
            if (name == DefaultScope)
            {
                if (allowed.Count == 0)
                {
                    return EntraError.ConsentRequired(client.ClientId, client.DisplayName);
                }

                // The caller's .default is echoed, as Entra does, next to the consented scopes it expands to.
                responseScopes.Add(full);
                continue;
            }

            if (Canonical(target.Scopes, name) is null)
            {
                return EntraError.InvalidScope(full);
            }

            if (Canonical(allowed, name) is null)
            {
                return EntraError.ConsentRequired(client.ClientId, client.DisplayName);
            }
        }

        // A delegated token carries every scope consented for the client on that resource, not only those requested;
        // the response names them with the caller's prefix, and (for a resource other than Microsoft Graph) none of the
        // OpenID Connect scopes, which only shape the response (id token, refresh token). Microsoft Graph's come back by
        // their bare names, next to the OpenID Connect scopes, as Entra answers for Graph.
        var resourcePrefix = parsed[0].Prefix;
        var isGraph = target.IsIdentifiedBy(MicrosoftGraph.ResourceUri);
        var granted = allowed.Select(scope => Canonical(target.Scopes, scope) ?? scope).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        responseScopes.AddRange(granted.Select(scope => isGraph ? scope : $"{resourcePrefix}/{scope}"));
        if (isGraph)
        {
            responseScopes.AddRange(oidc.Where(scope => scope != "email"));
        }

        return new DelegatedScopes(
            target,
            granted,
            string.Join(' ', responseScopes.Distinct(StringComparer.OrdinalIgnoreCase)),
            string.Join(' ', requested),
            oidc.Contains("openid"),
            oidc.Contains("offline_access"));
    }

    /// <summary>Client credentials: exactly one <c>{resource}/.default</c>; the token carries the app roles granted.</summary>
    public Resolution<ApplicationScopes> ResolveApplication(string scopeParameter, RegisteredApplication client)
    {
        var requested = Split(scopeParameter);
        var resources = new List<RegisteredApplication>();

        foreach (var scope in requested)
        {
            if (!TrySplitResource(scope, out var prefix, out var name) || name != DefaultScope)
            {
                return EntraError.DefaultScopeRequired(scope);
            }

            var resource = directory.FindResource(prefix);
            if (resource is null)
            {
                return EntraError.ResourceNotFound(prefix, directory.TenantId);
            }

            resources.Add(resource);
        }

        var distinct = resources.DistinctBy(r => r.ClientId).ToList();
        if (distinct.Count > 1)
        {
            return EntraError.MultipleResources(scopeParameter);
        }

        if (distinct.Count == 0)
        {
            return EntraError.MissingParameter("scope");
        }

        // Entra issues the token even when no role is granted; it then simply has no roles claim.
        return new ApplicationScopes(distinct[0], client.AppRolesGrantedOn(distinct[0]));
    }

    private static List<string> Split(string scope) =>
        scope.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();

    private static bool IsOidcScope(string scope) => OidcScopes.Contains(scope, StringComparer.OrdinalIgnoreCase);

    private static bool TrySplitResource(string scope, out string prefix, out string name)
    {
        var slash = scope.LastIndexOf('/');
        if (slash <= 0 || slash == scope.Length - 1)
        {
            prefix = name = "";
            return false;
        }

        prefix = scope[..slash];
        name = scope[(slash + 1)..];
        return true;
    }

    private static string? Canonical(IEnumerable<string> names, string name) =>
        names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
}
