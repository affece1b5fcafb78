using EntraEmulator.ConditionalAccess;
using EntraEmulator.Protocol;
using EntraEmulator.Tokens;

namespace EntraEmulator.Grants;

/// <summary>
/// Authorization code redemption (the second half of the interactive sign-in): the code must be fresh, unused, issued
/// to this client for this exact <c>redirect_uri</c>, and the <c>code_verifier</c> must hash to the PKCE challenge
/// the authorization request carried. The scopes are those granted at sign-in; the id token carries the sign-in's nonce.
/// </summary>
public sealed class AuthorizationCodeGrant(AuthorizationCodeStore codes, AuthenticationContextPolicy contexts, TokenMinter minter) : ITokenGrant
{
    public string GrantType => "authorization_code";

    public string Name => "authorization_code";

    public bool RequiresConfidentialClient => false;

    public Task<GrantOutcome> IssueAsync(TokenRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(Issue(request));

    private GrantOutcome Issue(TokenRequest request)
    {
        if (request["code"] is not { } code)
        {
            return EntraError.MissingParameter("code");
        }

        if (request["redirect_uri"] is not { } redirectUri)
        {
            return EntraError.MissingParameter("redirect_uri");
        }

        if (request["code_verifier"] is not { } verifier)
        {
            return EntraError.MissingParameter("code_verifier");
        }

        switch (codes.Redeem(code, out var data))
        {
            case CodeRedemption.Unknown:
                return EntraError.MalformedAuthorizationCode();
            case CodeRedemption.AlreadyRedeemed:
                return EntraError.AuthorizationCodeRedeemed();
            case CodeRedemption.Expired:
                return EntraError.AuthorizationCodeExpired();
        }

        if (!string.Equals(data!.ClientId, request.Client.ClientId, StringComparison.OrdinalIgnoreCase))
        {
            return EntraError.AuthorizationCodeMismatch("client_id");
        }

        if (!string.Equals(data.RedirectUri, redirectUri, StringComparison.Ordinal))
        {
            return EntraError.AuthorizationCodeMismatch("redirect_uri");
        }

        if (!Pkce.Matches(verifier, data.CodeChallenge))
        {
            return EntraError.CodeVerifierMismatch();
        }

        if (SpaRedemption.Check(data.Spa, request) is { } originError)
        {
            return originError;
        }

        // The capabilities declared at /authorize hold for the code's tokens too (MSAL sends them on both requests).
        if (request.RequestedClaims.ClientCapabilities.Count == 0 && data.ClientCapabilities.Count > 0)
        {
            request = request with { Claims = request.RequestedClaims with { ClientCapabilities = data.ClientCapabilities } };
        }

        var acrs = contexts.Evaluate(data.User, request.RequestedClaims, data.Scopes.Resource);
        if (acrs.Error is { } contextChallenge)
        {
            return contextChallenge;
        }

        var user = data.User with { AuthenticationContexts = acrs.Value };
        var response = minter.IssueForUser(request, user, data.Scopes, data.Nonce, new RefreshTerms(data.Spa, null));
        return GrantOutcome.Issued(response, data.Scopes.Resource, data.User.ObjectId);
    }
}
