using System.Text.Json.Serialization;

namespace EntraEmulator.Protocol;

/// <summary>
/// Entra's v2.0 token response. MSAL caches only when <c>expires_in</c> is present and <c>scope</c> (if present) holds the
/// full scope strings it asked for; <c>client_info</c> lets it build the account's home id.
/// </summary>
public sealed record TokenResponse(
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("scope"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Scope,
    [property: JsonPropertyName("expires_in")] long ExpiresIn,
    [property: JsonPropertyName("ext_expires_in")] long ExtExpiresIn,
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("refresh_token"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RefreshToken = null,
    [property: JsonPropertyName("id_token"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? IdToken = null,
    [property: JsonPropertyName("client_info"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ClientInfo = null);
