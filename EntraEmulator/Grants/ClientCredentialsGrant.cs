using EntraEmulator.Protocol;
using EntraEmulator.Tokens;

namespace EntraEmulator.Grants;

/// <summary>Client credentials: a confidential app gets an app-only token carrying the app roles granted to it.</summary>
public sealed class ClientCredentialsGrant(ScopeResolver scopes, TokenMinter minter) : ITokenGrant
{
    public string GrantType => "client_credentials";

    public string Name => "client_credentials";

    public bool RequiresConfidentialClient => true;

    public Task<GrantOutcome> IssueAsync(TokenRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(Issue(request));

    private GrantOutcome Issue(TokenRequest request)
    {
        if (request["scope"] is not { } scope)
        {
            return EntraError.MissingParameter("scope");
        }

        var resolution = scopes.ResolveApplication(scope, request.Client);
        if (resolution.Error is { } error)
        {
            return error;
        }

        var granted = resolution.Value!;
        return GrantOutcome.Issued(minter.IssueForApplication(request, granted), granted.Resource, userObjectId: null);
    }
}
