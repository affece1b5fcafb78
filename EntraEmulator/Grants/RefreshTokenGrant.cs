using EntraEmulator.ConditionalAccess;
using EntraEmulator.Model;
using EntraEmulator.Protocol;
using EntraEmulator.Tokens;

namespace EntraEmulator.Grants;

/// <summary>
/// Refresh token redemption. The token is bound to the client and user it was issued to, but (like Entra's
/// multi-resource refresh tokens) may ask for any resource that client is allowed. A new refresh token comes back each time.
/// </summary>
public sealed class RefreshTokenGrant(
    RefreshTokenStore refreshTokens,
    SignInSessionRevocations revocations,
    AccountChanges accounts,
    ScopeResolver scopes,
    ConditionalAccessPolicy conditionalAccess,
    AuthenticationContextPolicy contexts,
    TokenMinter minter,
    TimeProvider time) : ITokenGrant
{
    public string GrantType => "refresh_token";

    public string Name => "refresh_token";

    public bool RequiresConfidentialClient => false;

    public Task<GrantOutcome> IssueAsync(TokenRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(Issue(request));

    private GrantOutcome Issue(TokenRequest request)
    {
        if (request["refresh_token"] is not { } handle)
        {
            return EntraError.MissingParameter("refresh_token");
        }

        var grant = refreshTokens.Find(handle);
        if (grant is null || !string.Equals(grant.ClientId, request.Client.ClientId, StringComparison.OrdinalIgnoreCase))
        {
            return EntraError.InvalidRefreshToken();
        }

        if (time.GetUtcNow() >= grant.ExpiresAt)
        {
            return EntraError.RefreshTokenExpired(grant.IssuedAt, refreshTokens.LifetimeFor(grant.Spa));
        }

        if (SpaRedemption.Check(grant.Spa, request) is { } originError)
        {
            return originError;
        }

        // A disabled account says so first (the revocation that came with it would hide why).
        if (accounts.IsDisabled(grant.User.ObjectId))
        {
            return EntraError.UserDisabled();
        }

        if (revocations.ValidFrom(grant.User.ObjectId) is { } validFrom && grant.IssuedAt < validFrom)
        {
            return EntraError.RefreshTokenRevoked(grant.IssuedAt, validFrom);
        }

        // Without a scope, v2.0 refreshes what was originally asked for.
        var resolution = scopes.ResolveDelegated(request["scope"] ?? grant.Scope, request.Client);
        if (resolution.Error is { } error)
        {
            return error;
        }

        // Redeeming a refresh token always yields a new one, whether or not offline_access is repeated.
        var granted = resolution.Value! with { OfflineAccess = true };
        if (conditionalAccess.Evaluate(grant.User, granted.Resource) is { } challenge)
        {
            return challenge;
        }

        var acrs = contexts.Evaluate(grant.User, request.RequestedClaims, granted.Resource);
        if (acrs.Error is { } contextChallenge)
        {
            return contextChallenge;
        }

        // A SPA's refresh token keeps the expiry of the first one: 24 hours after the interactive sign-in, never extended.
        var terms = new RefreshTerms(grant.Spa, grant.Spa ? grant.ExpiresAt : null);
        var user = grant.User with { AuthenticationContexts = acrs.Value };
        return GrantOutcome.Issued(minter.IssueForUser(request, user, granted, refresh: terms), granted.Resource, grant.User.ObjectId);
    }
}
