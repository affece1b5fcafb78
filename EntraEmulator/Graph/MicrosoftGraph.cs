namespace EntraEmulator.Graph;

/// <summary>Microsoft Graph's identity in every Entra tenant: the well-known application id and resource URI.</summary>
public static class MicrosoftGraph
{
    /// <summary>Graph's application (client) id, the same in every tenant; its tokens' <c>aud</c>.</summary>
    public const string ClientId = "00000003-0000-0000-c000-000000000000";

    /// <summary>Graph's Application ID URI: the prefix of its scopes (<c>https://graph.microsoft.com/User.Read</c>).</summary>
    public const string ResourceUri = "https://graph.microsoft.com";

    /// <summary>Delegated permissions that let the caller read the signed-in user's profile (<c>GET /me</c>).</summary>
    public static readonly string[] ReadProfileScopes = ["User.Read", "User.ReadWrite", "User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];
}
