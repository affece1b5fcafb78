using EntraEmulator.Options;
using Microsoft.Extensions.Options;

namespace EntraEmulator.Model;

/// <summary>The emulated tenant: its id, app registrations and users, looked up the ways the token endpoint needs.</summary>
public sealed class TenantDirectory
{
    private readonly Dictionary<string, RegisteredApplication> _byClientId;
    private readonly IReadOnlyList<RegisteredUser> _users;

    public TenantDirectory(IOptions<EntraEmulatorOptions> options)
    {
        var value = options.Value;
        TenantId = Guid.Parse(value.TenantId).ToString("D");
        Applications = value.Applications.Select(pair => new RegisteredApplication(pair.Key, pair.Value)).ToList();
        _byClientId = Applications.ToDictionary(app => app.ClientId, StringComparer.OrdinalIgnoreCase);
        _users = value.Users.Select(pair => new RegisteredUser(pair.Key, pair.Value)).ToList();
        AuthenticationContexts = [.. value.AuthenticationContexts.Keys.Select(id => id.ToLowerInvariant())];
    }

    /// <summary>The Conditional Access authentication contexts the tenant declares (<c>c1</c> …).</summary>
    public IReadOnlyList<string> AuthenticationContexts { get; }

    public string TenantId { get; }

    public IReadOnlyList<RegisteredApplication> Applications { get; }

    /// <summary>The dev users' sign-in names, shown on the sign-in page (never their passwords).</summary>
    public IEnumerable<string> UserPrincipalNames => _users.Select(user => user.UserPrincipalName);

    public bool IsThisTenant(string tenant) => string.Equals(tenant, TenantId, StringComparison.OrdinalIgnoreCase);

    public RegisteredApplication? FindByClientId(string clientId) => _byClientId.GetValueOrDefault(clientId);

    /// <summary>The application a scope prefix (<c>api://…</c>, an Application ID URI or a client id) names.</summary>
    public RegisteredApplication? FindResource(string identifier) =>
        Applications.FirstOrDefault(app => app.IsIdentifiedBy(identifier));

    /// <summary>The password grant accepts the short name or the UPN, case-insensitively.</summary>
    public RegisteredUser? FindUser(string userName) =>
        _users.FirstOrDefault(user =>
            string.Equals(user.Name, userName, StringComparison.OrdinalIgnoreCase)
            || string.Equals(user.UserPrincipalName, userName, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Whether <paramref name="origin"/> is the origin of a registered SPA redirect URI (which Entra allows CORS for);
    /// mobile-and-desktop redirect URIs do not count.
    /// </summary>
    public bool IsSpaRedirectOrigin(string origin) =>
        Applications.SelectMany(app => app.RedirectUris).Any(uri =>
            string.Equals(new Uri(uri).GetLeftPart(UriPartial.Authority), origin, StringComparison.OrdinalIgnoreCase));

    public RegisteredUser? FindUserByObjectId(string objectId) =>
        _users.FirstOrDefault(user => string.Equals(user.ObjectId, objectId, StringComparison.OrdinalIgnoreCase));
}
