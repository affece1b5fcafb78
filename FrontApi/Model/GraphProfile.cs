namespace FrontApi.Model;

/// <summary>The caller as Microsoft Graph knows them (<c>GET /v1.0/me</c>).</summary>
public sealed record GraphProfile(
    string Id,
    string? DisplayName,
    string? GivenName,
    string? Surname,
    string? Mail,
    string? UserPrincipalName,
    string? JobTitle,
    string? OfficeLocation,
    string? PreferredLanguage);
