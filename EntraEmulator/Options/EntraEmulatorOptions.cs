namespace EntraEmulator.Options;

/// <summary>The <c>EntraEmulator</c> configuration section: one tenant, its app registrations and its users.</summary>
public sealed class EntraEmulatorOptions
{
    public const string SectionName = "EntraEmulator";

    /// <summary>
    /// Base address the emulator is reached at (e.g. <c>https://localhost:7180/</c>). Empty: taken from each request,
    /// which is right unless a proxy rewrites the host.
    /// </summary>
    public string? Instance { get; set; }

    public string TenantId { get; set; } = "";

    /// <summary>
    /// Outside the Development environment the emulator starts only with this set to <c>true</c>: it stands in for
    /// Entra ID in tests and development, and is no identity provider (see <c>Hosting/DevelopmentOnly.cs</c>).
    /// </summary>
    public bool AcknowledgeEmulator { get; set; }

    /// <summary>Where the signing key is kept. Empty: a per-user folder, so tokens stay valid across restarts.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>
    /// A fixed access-token lifetime, for tests that need one. Empty (the default): Entra's default, a random value
    /// between 60 and 90 minutes for each token, so that clients never renew all at once.
    /// </summary>
    public TimeSpan? AccessTokenLifetime { get; set; }

    /// <summary>
    /// Lifetime of the access tokens a Continuous Access Evaluation resource (Microsoft Graph) gets for a client that
    /// declared the <c>cp1</c> capability: Entra issues them long-lived, up to 28 hours, since the resource revokes them
    /// itself on a critical event. Other clients get the default lifetime.
    /// </summary>
    public TimeSpan ContinuousAccessEvaluationTokenLifetime { get; set; } = TimeSpan.FromHours(28);

    /// <summary>
    /// Conditional Access authentication contexts this tenant declares (<c>c1</c> … <c>c99</c> → display name). Each is
    /// satisfied by the development second factor; an app asks for one with a claims request and finds it in <c>acrs</c>.
    /// </summary>
    public Dictionary<string, string> AuthenticationContexts { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Lifetime of refresh tokens (Entra: 90 days; 24 hours, not extendable, for single-page apps).</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Lifetime of refresh tokens redeemed by a single-page app (Entra: 24 hours, carried over on refresh).</summary>
    public TimeSpan SpaRefreshTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Most refresh tokens held at once (memory stays bounded in long load runs). Past it, the one closest to expiry is
    /// forgotten; redeeming it is refused with <c>invalid_grant</c> AADSTS70000, and the client signs the user in again.
    /// </summary>
    public int MaxRefreshTokens { get; set; } = 100_000;

    public Dictionary<string, ApplicationOptions> Applications { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Keyed by short user name (accepted as user name by the password grant, as is the UPN).</summary>
    public Dictionary<string, UserOptions> Users { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public string ResolveDataDirectory() =>
        string.IsNullOrWhiteSpace(DataDirectory)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "AspireObo", "EntraEmulator")
            : DataDirectory;
}

/// <summary>An app registration (application object + its service principal, admin consent included).</summary>
public sealed class ApplicationOptions
{
    public string ClientId { get; set; } = "";

    public string? DisplayName { get; set; }

    /// <summary>A confidential client's secret. Empty: the app cannot authenticate (like an app whose secret expired).</summary>
    public string? ClientSecret { get; set; }

    public bool IsPublicClient { get; set; }

    /// <summary>
    /// Single-page-application redirect URIs (Entra's "SPA" platform): where the authorization endpoint may send a code,
    /// matched exactly. Their origins may redeem codes cross-origin (CORS on the token endpoint), with PKCE, and must:
    /// a code issued to one is redeemed only by a browser's cross-origin request (AADSTS9002327 otherwise).
    /// </summary>
    public List<string> RedirectUris { get; set; } = [];

    /// <summary>
    /// Mobile-and-desktop redirect URIs (Entra's "public client/native" platform, e.g. <c>http://localhost</c>): codes
    /// sent there are redeemed by the app itself, never cross-origin (AADSTS9002326), and get no CORS.
    /// </summary>
    public List<string> PublicClientRedirectUris { get; set; } = [];

    /// <summary>
    /// A certificate credential: path of the app's public certificate (PEM or DER). The app then authenticates with a
    /// client assertion signed by the certificate's private key, as with a certificate uploaded to a real app registration.
    /// </summary>
    public string? ClientCertificatePath { get; set; }

    /// <summary>Application ID URI; <c>api://{ClientId}</c> when empty.</summary>
    public string? IdentifierUri { get; set; }

    /// <summary>Delegated permissions this app exposes (short names such as <c>Todo.Read</c>).</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>Application permissions (app roles for applications) this app exposes.</summary>
    public List<string> AppRoles { get; set; } = [];

    /// <summary>Other app's name → delegated scopes this app may request (treated as admin-consented).</summary>
    public Dictionary<string, List<string>> ApiPermissions { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Optional claims this app (as a resource) asks for in its access tokens (the manifest's
    /// <c>optionalClaims.accessToken</c>). Supported: <c>idtyp</c> (<c>app</c> or <c>user</c>) and <c>xms_cc</c> (the
    /// calling client's declared capabilities, e.g. <c>cp1</c>: whether it handles claims challenges).
    /// </summary>
    public List<string> AccessTokenOptionalClaims { get; set; } = [];

    /// <summary>Other app's name → app roles granted to this app.</summary>
    public Dictionary<string, List<string>> AppPermissions { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

public sealed class UserOptions
{
    public string ObjectId { get; set; } = "";

    public string? DisplayName { get; set; }

    public string UserPrincipalName { get; set; } = "";

    /// <summary>Empty: the user exists but cannot sign in with a password.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Conditional Access: names of the applications (resources) this user may only get tokens for after multi-factor
    /// authentication. Without <c>mfa</c> in the token's <c>amr</c>, Entra refuses with AADSTS50076 and a claims challenge.
    /// </summary>
    public List<string> MfaRequiredFor { get; set; } = [];

    // Profile properties Microsoft Graph's /v1.0/me returns (EntraEmulator/Graph); null when not set, as in Graph.
    public string? GivenName { get; set; }

    public string? Surname { get; set; }

    public string? JobTitle { get; set; }

    public string? OfficeLocation { get; set; }

    public string? PreferredLanguage { get; set; }
}
