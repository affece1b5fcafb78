using EntraEmulator.ConditionalAccess;
using EntraEmulator.Diagnostics;
using EntraEmulator.Model;
using EntraEmulator.Protocol;
using EntraEmulator.Tokens;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EntraEmulator.Grants;

/// <summary>
/// On-Behalf-Of (<c>jwt-bearer</c> with <c>requested_token_use=on_behalf_of</c>): a confidential middle-tier API trades
/// the user token it received for a token to a downstream API. The assertion must be one of this tenant's delegated
/// user tokens, still valid, and addressed to the calling app; the user's identity carries over.
/// </summary>
public sealed class OnBehalfOfGrant(
    SigningKey signingKey,
    ScopeResolver scopes,
    ConditionalAccessPolicy conditionalAccess,
    AuthenticationContextPolicy contexts,
    SignInSessionRevocations revocations,
    AccountChanges accounts,
    TokenMinter minter,
    SignInSessionCodec signIns,
    EmulatorStats stats,
    TimeProvider time) : ITokenGrant
{
    private readonly JsonWebTokenHandler _handler = new();

    public string GrantType => "urn:ietf:params:oauth:grant-type:jwt-bearer";

    public string Name => "on_behalf_of";

    public bool RequiresConfidentialClient => true;

    public async Task<GrantOutcome> IssueAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        if (request["requested_token_use"] is not { } tokenUse)
        {
            return EntraError.MissingParameter("requested_token_use");
        }

        if (tokenUse != "on_behalf_of")
        {
            return EntraError.UnsupportedGrantType($"{GrantType} ({tokenUse})");
        }

        if (request["assertion"] is not { } assertion)
        {
            return EntraError.MissingParameter("assertion");
        }

        if (request["scope"] is not { } scope)
        {
            return EntraError.MissingParameter("scope");
        }

        var validation = await ValidateAssertionAsync(assertion, request);
        if (validation.Error is { } assertionError)
        {
            return assertionError;
        }

        var token = validation.Value!;
        var resolution = scopes.ResolveDelegated(scope, request.Client);
        if (resolution.Error is { } scopeError)
        {
            return scopeError;
        }

        // Conditional Access looks at how the user signed in (sealed in aio by the emulator), not at claims in the token.
        var signIn = signIns.Open(token.TryGetClaim("aio", out var aio) ? aio.Value : null);
        var user = new UserIdentity(
            token.GetClaim("oid").Value,
            token.TryGetClaim("name", out var name) ? name.Value : null,
            token.TryGetClaim("preferred_username", out var userName) ? userName.Value : null,
            signIn.Methods,
            signIn.Contexts);

        // Critical events reach the exchange: a disabled account, or sessions revoked after the user's sign-in (a password
        // change included), refuse the assertion; only a new sign-in (claims: a token issued after the event) helps.
        if (accounts.IsDisabled(user.ObjectId))
        {
            return EntraError.UserDisabled();
        }

        if (revocations.ValidFrom(user.ObjectId) is { } validFrom && ContinuousAccessEvaluation.IssuedBefore(token, validFrom))
        {
            return EntraError.SessionRevoked(ContinuousAccessEvaluation.NotBeforeChallenge(validFrom));
        }

        var granted = resolution.Value!;
        if (conditionalAccess.Evaluate(user, granted.Resource) is { } challenge)
        {
            return challenge;
        }

        var acrs = contexts.Evaluate(user, request.RequestedClaims, granted.Resource);
        if (acrs.Error is { } contextChallenge)
        {
            return contextChallenge;
        }

        var response = minter.IssueForUser(request, user with { AuthenticationContexts = acrs.Value }, granted);
        stats.OnBehalfOfIssued(user.ObjectId, token.TryGetClaim("uti", out var uti) ? uti.Value : "(none)");
        return GrantOutcome.Issued(response, granted.Resource, user.ObjectId);
    }

    private async Task<Resolution<JsonWebToken>> ValidateAssertionAsync(string assertion, TokenRequest request)
    {
        JsonWebToken token;
        try
        {
            token = _handler.ReadJsonWebToken(assertion);
        }
        catch (Exception exception) when (exception is ArgumentException or SecurityTokenMalformedException)
        {
            return EntraError.MalformedAssertion();
        }

        if (!string.Equals(token.Kid, signingKey.KeyId, StringComparison.Ordinal))
        {
            return EntraError.AssertionSignatureInvalid("The key was not found.", token.Kid);
        }

        // The handler checks everything (signature, issuer, audience, lifetime); its failure type picks Entra's code.
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = signingKey.SecurityKey,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidIssuer = request.Issuer,
            AudienceValidator = (audiences, _, _) => audiences.Any(request.Client.IsIdentifiedBy),
            LifetimeValidator = AssertionLifetime.On(time),
        });

        if (!result.IsValid)
        {
            return result.Exception switch
            {
                SecurityTokenInvalidIssuerException => EntraError.AssertionIssuerInvalid(token.Issuer),
                SecurityTokenInvalidLifetimeException => EntraError.AssertionOutsideValidity(
                    time.GetUtcNow(),
                    token.TryGetPayloadValue<long>("nbf", out var nbf) ? DateTimeOffset.FromUnixTimeSeconds(nbf) : null,
                    token.TryGetPayloadValue<long>("exp", out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp) : null),
                SecurityTokenInvalidAudienceException => EntraError.AssertionAudienceMismatch(
                    token.Audiences.FirstOrDefault(), request.Client.ClientId, request.Client.DisplayName),
                _ => EntraError.AssertionSignatureInvalid("The provided signature value did not match the expected signature value.", token.Kid),
            };
        }

        var appOnly = (token.TryGetClaim("idtyp", out var idtyp) && idtyp.Value == "app") || !token.TryGetClaim("scp", out _);
        if (appOnly)
        {
            return EntraError.AppOnlyAssertion(request.Client.ClientId, request.Client.DisplayName);
        }

        if (!token.TryGetClaim("oid", out _))
        {
            return EntraError.MalformedAssertion();
        }

        return token;
    }
}
