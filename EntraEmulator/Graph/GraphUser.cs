using System.Text.Json.Serialization;

namespace EntraEmulator.Graph;

/// <summary>Graph's <c>user</c> resource with the properties <c>GET /v1.0/me</c> returns by default.</summary>
public sealed record GraphUser(
    [property: JsonPropertyName("@odata.context")] string ODataContext,
    [property: JsonPropertyName("businessPhones")] IReadOnlyList<string> BusinessPhones,
    [property: JsonPropertyName("displayName")] string? DisplayName,
    [property: JsonPropertyName("givenName")] string? GivenName,
    [property: JsonPropertyName("jobTitle")] string? JobTitle,
    [property: JsonPropertyName("mail")] string? Mail,
    [property: JsonPropertyName("mobilePhone")] string? MobilePhone,
    [property: JsonPropertyName("officeLocation")] string? OfficeLocation,
    [property: JsonPropertyName("preferredLanguage")] string? PreferredLanguage,
    [property: JsonPropertyName("surname")] string? Surname,
    [property: JsonPropertyName("userPrincipalName")] string UserPrincipalName,
    [property: JsonPropertyName("id")] string Id);
