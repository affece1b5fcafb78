using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EntraEmulator.Options;

namespace EntraEmulator.Model;

/// <summary>An app registration as the token endpoint sees it (built once from validated options).</summary>
public sealed class RegisteredApplication
{
    public RegisteredApplication(string name, ApplicationOptions options)
    {
        Name = name;
        ClientId = Guid.Parse(options.ClientId).ToString("D");
        DisplayName = string.IsNullOrWhiteSpace(options.DisplayName) ? name : options.DisplayName;
        ClientSecret = string.IsNullOrEmpty(options.ClientSecret) ? null : options.ClientSecret;
        IsPublicClient = options.IsPublicClient;
        RedirectUris = options.RedirectUris;
        PublicClientRedirectUris = options.PublicClientRedirectUris;
        AccessTokenOptionalClaims = options.AccessTokenOptionalClaims;
        IdentifierUri = string.IsNullOrWhiteSpace(options.IdentifierUri) ? $"api://{ClientId}" : options.IdentifierUri.TrimEnd('/');
        Scopes = options.Scopes;
        AppRoles = options.AppRoles;
        ApiPermissions = options.ApiPermissions;
        AppPermissions = options.AppPermissions;
        ServicePrincipalId = DeriveServicePrincipalId(ClientId);
        ClientCertificate = string.IsNullOrWhiteSpace(options.ClientCertificatePath)
            ? null
            : X509CertificateLoader.LoadCertificateFromFile(options.ClientCertificatePath);
    }

    /// <summary>The registered certificate credential (public part), if any.</summary>
    public X509Certificate2? ClientCertificate { get; }

    public string Name { get; }
    public string ClientId { get; }
    public string DisplayName { get; }
    public string? ClientSecret { get; }
    public bool IsPublicClient { get; }
    public string IdentifierUri { get; }
    /// <summary>SPA platform redirect URIs: codes sent there are redeemed cross-origin only.</summary>
    public IReadOnlyList<string> RedirectUris { get; }

    /// <summary>Mobile-and-desktop platform redirect URIs: codes sent there are never redeemed cross-origin.</summary>
    public IReadOnlyList<string> PublicClientRedirectUris { get; }

    /// <summary>Optional claims this app, as a resource, asks for in its access tokens (e.g. <c>idtyp</c>).</summary>
    public IReadOnlyList<string> AccessTokenOptionalClaims { get; }

    public bool WantsOptionalClaim(string name) => AccessTokenOptionalClaims.Contains(name, StringComparer.OrdinalIgnoreCase);
    public IReadOnlyList<string> Scopes { get; }
    public IReadOnlyList<string> AppRoles { get; }
    public IReadOnlyDictionary<string, List<string>> ApiPermissions { get; }
    public IReadOnlyDictionary<string, List<string>> AppPermissions { get; }

    /// <summary>Object id of the app's service principal: the <c>oid</c>/<c>sub</c> of its app-only tokens.</summary>
    public string ServicePrincipalId { get; }

    /// <summary>Whether <paramref name="value"/> names this app as a resource: its client id or an Application ID URI.</summary>
    public bool IsIdentifiedBy(string value)
    {
        var trimmed = value.TrimEnd('/');
        return string.Equals(trimmed, ClientId, StringComparison.OrdinalIgnoreCase)
            || string.Equals(trimmed, IdentifierUri, StringComparison.OrdinalIgnoreCase)
            || string.Equals(trimmed, $"api://{ClientId}", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Entra matches redirect URIs exactly (scheme, host, port, path, query; case included).</summary>
    public bool HasRedirectUri(string redirectUri) =>
        IsSpaRedirectUri(redirectUri) || PublicClientRedirectUris.Contains(redirectUri, StringComparer.Ordinal);

    public bool IsSpaRedirectUri(string redirectUri) => RedirectUris.Contains(redirectUri, StringComparer.Ordinal);

    public IReadOnlyList<string> DelegatedScopesAllowedOn(RegisteredApplication resource) =>
        ApiPermissions.TryGetValue(resource.Name, out var scopes) ? scopes : [];

    public IReadOnlyList<string> AppRolesGrantedOn(RegisteredApplication resource) =>
        AppPermissions.TryGetValue(resource.Name, out var roles) ? roles : [];

    /// <summary>Stable per client id, so app tokens keep the same <c>oid</c> across restarts, as a real service principal does.</summary>
    private static string DeriveServicePrincipalId(string clientId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("service-principal:" + clientId), hash);
        var bytes = hash[..16].ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50); // RFC 4122 name-based (version 5 style) GUID layout
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString("D");
    }
}
