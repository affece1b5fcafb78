using EntraEmulator.ConditionalAccess;
using EntraEmulator.Model;
using EntraEmulator.Protocol;

namespace EntraEmulator.SignIn;

/// <summary>A validated authorization request: what the sign-in page shows and what the code will be bound to.</summary>
public sealed record AuthorizationRequest(
    RegisteredApplication Client,
    string RedirectUri,
    string ResponseMode,
    string? State,
    string? Nonce,
    string CodeChallenge,
    DelegatedScopes Scopes,
    string? LoginHint,
    ClaimsRequest Claims);

/// <summary>
/// The result of checking an authorization request, Entra's way: until the client and its redirect URI are known
/// to match, an error can only be shown (redirecting would hand it to an unverified address); after that, errors go
/// back to the redirect URI with the caller's <c>state</c>.
/// </summary>
public sealed record AuthorizationValidation(AuthorizationRequest? Request, EntraError? PageError, ErrorRedirect? RedirectError);

/// <summary>An error to send back to a verified redirect URI.</summary>
public sealed record ErrorRedirect(string RedirectUri, string ResponseMode, string? State, EntraError Error);

public sealed class AuthorizationRequestValidator(TenantDirectory directory, ScopeResolver scopes)
{
    private static readonly string[] ResponseModes = ["query", "fragment", "form_post"];

    public AuthorizationValidation Validate(string tenant, IQueryCollection query)
    {
        if (!directory.IsThisTenant(tenant))
        {
            return Page(EntraError.TenantNotFound(tenant));
        }

        if (Value(query, "client_id") is not { } clientId)
        {
            return Page(EntraError.MissingParameter("client_id"));
        }

        if (directory.FindByClientId(clientId) is not { } client)
        {
            return Page(EntraError.ApplicationNotFound(clientId, directory.TenantId));
        }

        if (Value(query, "redirect_uri") is not { } redirectUri)
        {
            return Page(EntraError.MissingParameter("redirect_uri"));
        }

        if (!client.HasRedirectUri(redirectUri))
        {
            return Page(EntraError.RedirectUriMismatch(redirectUri, client.ClientId));
        }

        var state = Value(query, "state");
        var requestedMode = Value(query, "response_mode");
        var responseMode = requestedMode ?? "query";
        ErrorRedirect Redirect(EntraError error) => new(redirectUri, ResponseModes.Contains(responseMode) ? responseMode : "query", state, error);

        if (!ResponseModes.Contains(responseMode))
        {
            return new(null, null, Redirect(EntraError.UnsupportedResponseMode(responseMode)));
        }

        var responseType = Value(query, "response_type");
        if (responseType is null)
        {
            return new(null, null, Redirect(EntraError.MissingParameter("response_type")));
        }

        if (responseType != "code")
        {
            return new(null, null, Redirect(EntraError.UnsupportedResponseType(responseType)));
        }

        if (Value(query, "scope") is not { } scope)
        {
            return new(null, null, Redirect(EntraError.MissingParameter("scope")));
        }

        if (Value(query, "code_challenge") is not { } challenge)
        {
            return new(null, null, Redirect(EntraError.PkceRequired()));
        }

        var method = Value(query, "code_challenge_method");
        if (method != Pkce.S256)
        {
            return new(null, null, Redirect(EntraError.InvalidCodeChallengeMethod(method)));
        }

        if (!Pkce.IsWellFormedChallenge(challenge))
        {
            return new(null, null, Redirect(EntraError.InvalidCodeChallengeSize()));
        }

        if (Value(query, "prompt") == "none")
        {
            return new(null, null, Redirect(EntraError.LoginRequired()));
        }

        var resolution = scopes.ResolveDelegated(scope, client);
        if (resolution.Error is { } scopeError)
        {
            return new(null, null, Redirect(scopeError));
        }

        var claims = SignInClaimsRequest.Parse(Value(query, "claims"));
        if (claims.Error is { } claimsError)
        {
            return new(null, null, Redirect(claimsError));
        }

        return new(
            new AuthorizationRequest(client, redirectUri, responseMode, state, Value(query, "nonce"), challenge, resolution.Value!, Value(query, "login_hint"), claims.Value!),
            null,
            null);
    }

    private static AuthorizationValidation Page(EntraError error) => new(null, error, null);

    private static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value.ToString()) ? value.ToString().Trim() : null;
}
