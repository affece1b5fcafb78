namespace EntraEmulator.Tests.Infrastructure;

/// <summary>The tenant the tests run against: appsettings.json plus a few apps and a user added through configuration.</summary>
public static class TestTenant
{
    public const string TenantId = "5f1e7c2a-9b3d-4c8e-a1f0-3d2b6e4a7c90";

    public const string FrontApi = "0d4a8f3e-2c1b-4e7a-9f6d-1a2b3c4d5e6f";
    public const string FrontApiSecret = "front-test-secret";
    public const string DownstreamApi = "7b9c1d2e-3f4a-4b5c-8d6e-9f0a1b2c3d4e";
    public const string DevClient = "c3e5a7b9-1d2f-4a6c-8e0b-2d4f6a8c0e1a";

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

    public const string AliceObjectId = "9a1c3e5f-7b2d-4f6a-8c0e-1b3d5f7a9c2e";
    public const string AlicePassword = "alice-dev-password";
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
