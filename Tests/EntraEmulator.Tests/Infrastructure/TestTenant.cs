using EntraEmulator.Options;
using Microsoft.Extensions.Configuration;

namespace EntraEmulator.Tests.Infrastructure;

/// <summary>
/// The tenant the tests run against: the emulator's own appsettings.json (its tenant, applications and users, read here
/// rather than copied), plus a few apps and a user added through configuration (<see cref="Settings"/>).
/// </summary>
public static class TestTenant
{
    // The build copies the emulator's appsettings.json beside the tests; the emulator under test reads the same file.
    private static readonly EntraEmulatorOptions Declared = new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"))
        .Build()
        .GetSection(EntraEmulatorOptions.SectionName)
        .Get<EntraEmulatorOptions>()
        ?? throw new InvalidOperationException("The emulator's appsettings.json has no EntraEmulator section.");

    public static readonly string TenantId = Declared.TenantId;

    public static readonly string FrontApi = Declared.Applications["FrontApi"].ClientId;
    public const string FrontApiSecret = "front-test-secret";
    public static readonly string DownstreamApi = Declared.Applications["DownstreamApi"].ClientId;
    public static readonly string DevClient = Declared.Applications["DevClient"].ClientId;

    /// <summary>Confidential daemon with an app role on DownstreamApi (client credentials).</summary>
    public const string Daemon = "11111111-2222-4333-8444-555555555555";
    public const string DaemonSecret = "daemon-test-secret";

    /// <summary>Confidential app with no secret configured: it can never authenticate.</summary>
    public const string NoSecretApp = "22222222-3333-4444-8555-666666666666";

    /// <summary>A second API FrontApi may call (multi-resource refresh, two-resource scope errors).</summary>
    public const string OtherApi = "33333333-4444-4555-8666-777777777777";

    /// <summary>An API nobody was granted (consent errors).</summary>
    public const string SecretApi = "44444444-5555-4666-8777-888888888888";

    /// <summary>DevClient's registered SPA redirect URI (the authorization code flow).</summary>
    public const string DevClientRedirectUri = "http://localhost:5180/scalar/";

    /// <summary>The origin a browser sends when the page at <see cref="DevClientRedirectUri"/> redeems its code.</summary>
    public const string DevClientOrigin = "http://localhost:5180";

    /// <summary>DevClient's mobile-and-desktop redirect URI (a native app's loopback): its codes are never redeemed cross-origin.</summary>
    public const string DevClientNativeRedirectUri = "http://localhost:5190/native";

    public static readonly string AliceObjectId = Declared.Users["alice"].ObjectId;
    public static readonly string AlicePassword = Declared.Users["alice"].Password!;
    public const string CarolObjectId = "5c7e9a1b-3d5f-4a7c-9e1b-3d5f7a9c1e3a";
    public const string CarolPassword = "carol-test-password";
    public const string ErinObjectId = "7d9f1b3c-5e7a-4b9c-8d1e-3f5a7b9c1d3e";
    public const string ErinPassword = "erin-test-password";

    public static string FrontScope => $"api://{FrontApi}/access_as_user";
    public static string TodoRead => $"api://{DownstreamApi}/Todo.Read";
    public static string TodoReadWrite => $"api://{DownstreamApi}/Todo.ReadWrite";

    /// <summary>What MSAL appends to every user-flow request.</summary>
    public const string MsalExtraScopes = "offline_access openid profile";

    public static Dictionary<string, string?> Settings(string dataDirectory) => new()
    {
        ["EntraEmulator:DataDirectory"] = dataDirectory,
        ["EntraEmulator:Applications:FrontApi:ClientSecret"] = FrontApiSecret,
        ["EntraEmulator:Applications:DevClient:RedirectUris:0"] = DevClientRedirectUri,
        ["EntraEmulator:Applications:DevClient:PublicClientRedirectUris:0"] = DevClientNativeRedirectUri,
        ["EntraEmulator:Applications:FrontApi:ApiPermissions:OtherApi:0"] = "Other.Read",

        ["EntraEmulator:Applications:Daemon:ClientId"] = Daemon,
        ["EntraEmulator:Applications:Daemon:ClientSecret"] = DaemonSecret,
        ["EntraEmulator:Applications:Daemon:AppPermissions:DownstreamApi:0"] = "Todo.Read.All",

        ["EntraEmulator:Applications:NoSecretApp:ClientId"] = NoSecretApp,

        ["EntraEmulator:Applications:OtherApi:ClientId"] = OtherApi,
        ["EntraEmulator:Applications:OtherApi:Scopes:0"] = "Other.Read",

        ["EntraEmulator:Applications:SecretApi:ClientId"] = SecretApi,
        ["EntraEmulator:Applications:SecretApi:Scopes:0"] = "Secret.Read",

        ["EntraEmulator:Users:carol:ObjectId"] = CarolObjectId,
        ["EntraEmulator:Users:carol:DisplayName"] = "Carol Test",
        ["EntraEmulator:Users:carol:UserPrincipalName"] = "carol@aspireobo.dev",
        ["EntraEmulator:Users:carol:Password"] = CarolPassword,

        // A user without a display name: Entra then omits the name claim.
        ["EntraEmulator:Users:erin:ObjectId"] = ErinObjectId,
        ["EntraEmulator:Users:erin:UserPrincipalName"] = "erin@aspireobo.dev",
        ["EntraEmulator:Users:erin:Password"] = ErinPassword,
    };
}
