using EntraEmulator.Model;

namespace EntraEmulator.Protocol;

/// <summary>A token response, or the Entra error that stands in for it.</summary>
public sealed record GrantOutcome(TokenResponse? Response, EntraError? Error, string? ResourceClientId = null, string? UserObjectId = null)
{
    public static GrantOutcome Issued(TokenResponse response, RegisteredApplication resource, string? userObjectId) =>
        new(response, null, resource.ClientId, userObjectId);

    public static implicit operator GrantOutcome(EntraError error) => new(null, error);
}
