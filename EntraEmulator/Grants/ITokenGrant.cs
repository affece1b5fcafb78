using EntraEmulator.Errors;
using EntraEmulator.Model;
using EntraEmulator.Tokens;

namespace EntraEmulator.Grants;

/// <summary>One OAuth grant the token endpoint supports.</summary>
public interface ITokenGrant
{
    /// <summary>The <c>grant_type</c> form value.</summary>
    string GrantType { get; }

    /// <summary>Name used in stats and logs (<c>password</c>, <c>on_behalf_of</c>…).</summary>
    string Name { get; }

    /// <summary>Whether only a confidential client (one that proves a secret) may use the grant.</summary>
    bool RequiresConfidentialClient { get; }

    Task<GrantOutcome> IssueAsync(TokenRequest request, CancellationToken cancellationToken);
}

/// <summary>A token response, or the Entra error that stands in for it.</summary>
public sealed record GrantOutcome(TokenResponse? Response, EntraError? Error, string? ResourceClientId = null, string? UserObjectId = null)
{
    public static GrantOutcome Issued(TokenResponse response, RegisteredApplication resource, string? userObjectId) =>
        new(response, null, resource.ClientId, userObjectId);

    public static implicit operator GrantOutcome(EntraError error) => new(null, error);
}
