using EntraEmulator.Protocol;

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
