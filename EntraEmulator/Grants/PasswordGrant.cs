using EntraEmulator.ConditionalAccess;
using EntraEmulator.Model;
using EntraEmulator.Protocol;
using EntraEmulator.Tokens;

namespace EntraEmulator.Grants;

/// <summary>
/// Resource owner password credentials (ROPC): how scripts and tests sign a user in without a browser.
/// Public clients use it without a secret; a confidential client must also prove its own. The sign-in is a password
/// sign-in only, so Conditional Access that requires MFA refuses it (AADSTS50076) whatever <c>claims</c> it sends.
/// </summary>
public sealed class PasswordGrant(
    TenantDirectory directory, AccountChanges accounts, ScopeResolver scopes, ConditionalAccessPolicy conditionalAccess, AuthenticationContextPolicy contexts, TokenMinter minter) : ITokenGrant
{
    public string GrantType => "password";

    public string Name => "password";

    public bool RequiresConfidentialClient => false;

    public Task<GrantOutcome> IssueAsync(TokenRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(Issue(request));

    private GrantOutcome Issue(TokenRequest request)
    {
        if (request["username"] is not { } userName)
        {
            return EntraError.MissingParameter("username");
        }

        if (request["password"] is not { } password)
        {
            return EntraError.MissingParameter("password");
        }

        if (request["scope"] is not { } scope)
        {
            return EntraError.MissingParameter("scope");
        }

        var user = directory.FindUser(userName);
        if (user is null)
        {
            return EntraError.UserNotFound(directory.TenantId);
        }

        if (!accounts.PasswordMatches(user, password))
        {
            return EntraError.InvalidPassword();
        }

        if (accounts.IsDisabled(user.ObjectId))
        {
            return EntraError.UserDisabled();
        }

        var resolution = scopes.ResolveDelegated(scope, request.Client);
        if (resolution.Error is { } error)
        {
            return error;
        }

        // A password alone satisfies neither MFA nor an authentication context: while the policy requires MFA, or the
        // claims ask for a context, the answer stays AADSTS50076 (the claims parameter was checked by the token endpoint).
        var granted = resolution.Value!;
        var identity = new UserIdentity(user.ObjectId, user.DisplayName, user.UserPrincipalName, [UserIdentity.PasswordMethod], []);
        if (conditionalAccess.Evaluate(identity, granted.Resource) is { } challenge)
        {
            return challenge;
        }

        var acrs = contexts.Evaluate(identity, request.RequestedClaims, granted.Resource);
        if (acrs.Error is { } contextChallenge)
        {
            return contextChallenge;
        }

        return GrantOutcome.Issued(minter.IssueForUser(request, identity with { AuthenticationContexts = acrs.Value }, granted), granted.Resource, user.ObjectId);
    }
}
