namespace EntraEmulator.Protocol;

/// <summary>
/// An error in Entra ID's token-endpoint shape. One factory per AADSTS code, so the codes, OAuth error values and
/// wording live in one place. Wording follows what Entra returns (as seen in public issue reports); where Entra's
/// exact text could not be confirmed the message says what went wrong in the same style.
/// </summary>
/// <remarks>
/// | AADSTS   | error               | HTTP | when |
/// |----------|---------------------|------|------|
/// | 900144   | invalid_request     | 400  | a required form parameter is missing (also: body not a form) |
/// | 900561   | invalid_request     | 400  | token endpoint called with another method than POST |
/// | 90002    | invalid_tenant      | 400  | tenant segment is not this tenant |
/// | 70003    | unsupported_grant_type | 400 | grant_type not supported |
/// | 700016   | unauthorized_client | 400  | client_id not registered |
/// | 7000215  | invalid_client      | 401  | wrong client secret (or the app has none configured) |
/// | 7000218  | invalid_client      | 401  | confidential client (or grant needing one) sent no credential |
/// | 700025   | invalid_client      | 401  | public client sent a client secret |
/// | 50034    | invalid_grant       | 400  | user name unknown |
/// | 50126    | invalid_grant       | 400  | wrong password |
/// | 70000    | invalid_grant       | 400  | refresh token unknown, or issued to another client |
/// | 700082   | invalid_grant       | 400  | refresh token expired (inactivity) |
/// | 70011    | invalid_scope       | 400  | scope not exposed / not resolvable |
/// | 28000    | invalid_scope       | 400  | scopes of more than one resource |
/// | 1002012  | invalid_scope       | 400  | client credentials without a /.default scope |
/// | 500011   | invalid_resource    | 400  | scope names a resource not in the tenant |
/// | 65001    | invalid_grant (suberror consent_required) | 400 | scope not granted to the client |
/// | 50027    | invalid_grant       | 400  | OBO assertion is not a JWT |
/// | 50013    | invalid_grant       | 400  | OBO assertion signature (or issuer) invalid |
/// | 500133   | invalid_grant       | 400  | OBO assertion expired / not yet valid |
/// | 500131   | invalid_grant       | 400  | OBO assertion audience is not the calling app |
/// | 7000114  | invalid_grant       | 400  | OBO assertion is an app-only token |
/// | 50076    | invalid_grant (suberror basic_action, with claims) | 400 | Conditional Access: MFA required for the resource and the sign-in had none (a password grant never has) |
/// | 50057    | invalid_grant       | 400  | the user's account is disabled (a critical event) |
/// | 50133    | invalid_grant (suberror basic_action) | 400 | OBO: the assertion's sign-in predates a revocation of the user's sessions (revoked, password changed, disabled) |
/// | 90100    | invalid_request     | 400  | the claims parameter is not a JSON object |
/// | 700027   | invalid_client      | 401  | client assertion (certificate credential): unknown certificate, bad signature or audience |
/// | 700021   | invalid_client      | 401  | client assertion iss/sub is not the client id |
/// | 700024   | invalid_client      | 401  | client assertion expired / not yet valid |
/// | 50049    | invalid_instance    | 400  | instance discovery for a host that is not this emulator |
/// | 50011    | invalid_request     | 400  | authorize: redirect_uri is not registered for the client (shown, never redirected) |
/// | 700054   | unsupported_response_type | - | authorize: response_type other than code |
/// | 90100    | invalid_request     | -    | authorize: response_mode not query, fragment or form_post |
/// | 9002325  | invalid_request     | -    | authorize: no code_challenge (PKCE is required) |
/// | 50149    | invalid_request     | -    | authorize: code_challenge_method other than S256 |
/// | 501491   | invalid_request     | -    | authorize: code_challenge is not a SHA-256 (43 base64url characters) |
/// | 50058    | login_required      | -    | authorize: prompt=none (the emulator keeps no sign-in session) |
/// | 9002313  | invalid_grant       | 400  | authorization code unknown or malformed |
/// | 54005    | invalid_grant       | 400  | authorization code already redeemed (codes are single use) |
/// | 70008    | invalid_grant       | 400  | authorization code expired |
/// | 70000    | invalid_grant       | 400  | authorization code issued to another client or redirect URI |
/// | 50148    | invalid_grant       | 400  | code_verifier does not match the code_challenge (PKCE) |
/// | 9002327  | invalid_request     | 400  | a code or refresh token issued to a SPA redirect URI redeemed without a cross-origin (Origin) request |
/// | 9002326  | invalid_request     | 400  | a code or refresh token of another client type redeemed cross-origin |
/// | 50000    | server_error        | 500  | unexpected failure |
/// | 90404    | not_found           | 404  | emulator-only: no such endpoint (Entra would serve an HTML page) |
/// </remarks>
public sealed record EntraError(
    string Error, int Code, string Message, int StatusCode = StatusCodes.Status400BadRequest, string? SubError = null, string? Claims = null)
{
    public static EntraError MissingParameter(string parameter) =>
        new("invalid_request", 900144, $"The request body must contain the following parameter: '{parameter}'.");

    public static EntraError PostRequired(string method) =>
        new("invalid_request", 900561, $"The endpoint only accepts POST requests. Received a {method} request.");

    public static EntraError TenantNotFound(string tenant) =>
        new("invalid_tenant", 90002,
            $"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");

    public static EntraError UnsupportedGrantType(string grantType) =>
        new("unsupported_grant_type", 70003, $"The app requested an unsupported grant type '{grantType}'.");

    public static EntraError ApplicationNotFound(string clientId, string tenantId) =>
        new("unauthorized_client", 700016,
            $"Application with identifier '{clientId}' was not found in the directory '{tenantId}'. This can happen if the application " +
            "has not been installed by the administrator of the tenant or consented to by any user in the tenant. " +
            "You may have sent your authentication request to the wrong tenant.");

    public static EntraError InvalidClientSecret(string clientId) =>
        new("invalid_client", 7000215,
            "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, " +
            $"not the client secret ID, for a secret added to app '{clientId}'.",
            StatusCodes.Status401Unauthorized);

    public static EntraError ClientCredentialRequired() =>
        new("invalid_client", 7000218,
            "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
            StatusCodes.Status401Unauthorized);

    public static EntraError PublicClientSentSecret() =>
        new("invalid_client", 700025,
            "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
            StatusCodes.Status401Unauthorized);

    public static EntraError UserNotFound(string tenantId) =>
        new("invalid_grant", 50034,
            $"The user account {{EUII Hidden}} does not exist in the {tenantId} directory. " +
            "To sign into this application, the account must be added to the directory.");

    public static EntraError InvalidPassword() =>
        new("invalid_grant", 50126, "Error validating credentials due to invalid username or password.");

    public static EntraError InvalidRefreshToken() =>
        new("invalid_grant", 70000, "Provided grant is invalid or malformed.");

    public static EntraError RefreshTokenExpired(DateTimeOffset issuedAt, TimeSpan lifetime) =>
        new("invalid_grant", 700082,
            $"The refresh token has expired due to inactivity. The token was issued on {issuedAt:O} and was inactive for {lifetime}.");

    public static EntraError RefreshTokenRevoked(DateTimeOffset issuedAt, DateTimeOffset validFrom) =>
        new("invalid_grant", 50173,
            "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. " +
            $"The grant was issued on '{issuedAt:O}' and the TokensValidFrom date (before which tokens are not valid) for this user is '{validFrom:O}'.");

    public static EntraError InvalidScope(string scope) =>
        new("invalid_scope", 70011, $"The provided value for the input parameter 'scope' is not valid. The scope {scope} is not valid.");

    public static EntraError MultipleResources(string scope) =>
        new("invalid_scope", 28000,
            $"Provided value for the input parameter scope is not valid because it contains more than one resource. Scope {scope} is not valid.");

    public static EntraError DefaultScopeRequired(string scope) =>
        new("invalid_scope", 1002012,
            $"The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default " +
            "suffixed to the resource identifier (application ID URI).");

    public static EntraError ResourceNotFound(string resource, string tenantId) =>
        new("invalid_resource", 500011,
            $"The resource principal named {resource} was not found in the tenant named {tenantId}. This can happen if the application " +
            "has not been installed by the administrator of the tenant or consented to by any user in the tenant. " +
            "You might have sent your authentication request to the wrong tenant.");

    public static EntraError ConsentRequired(string clientId, string displayName) =>
        new("invalid_grant", 65001,
            $"The user or administrator has not consented to use the application with ID '{clientId}' named '{displayName}'. " +
            "Send an interactive authorization request for this user and resource.",
            SubError: "consent_required");

    public static EntraError MalformedAssertion() =>
        new("invalid_grant", 50027, "JWT token is invalid or malformed.");

    public static EntraError AssertionSignatureInvalid(string reason, string? keyId) =>
        new("invalid_grant", 50013, $"Assertion failed signature validation. [Reason - {reason}, Thumbprint of key used by client: '{keyId}']");

    public static EntraError AssertionIssuerInvalid(string? issuer) =>
        new("invalid_grant", 50013, $"Assertion contains an invalid issuer '{issuer}': it was not issued by this tenant.");

    public static EntraError AssertionOutsideValidity(DateTimeOffset now, DateTimeOffset? notBefore, DateTimeOffset? expires) =>
        new("invalid_grant", 500133,
            "Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, " +
            $"or request a new token. Current time: {now:O}, expiry time of assertion {expires:O}" +
            (notBefore > now ? $", not-before time of assertion {notBefore:O}." : "."));

    public static EntraError AssertionAudienceMismatch(string? audience, string clientId, string displayName) =>
        new("invalid_grant", 500131,
            $"Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was '{audience}' " +
            $"and the expected audience is '{clientId}' or one of the Application Uris of this application with App ID '{clientId}'({displayName}).");

    public static EntraError AppOnlyAssertion(string clientId, string displayName) =>
        new("invalid_grant", 7000114, $"Application '{clientId}'({displayName}) is not allowed to make application on-behalf-of calls.");

    public static EntraError MfaRequired(string resourceClientId, string claimsChallenge) =>
        new("invalid_grant", 50076,
            "Due to a configuration change made by your administrator, or because you moved to a new location, you must use " +
            $"multi-factor authentication to access '{resourceClientId}'.",
            SubError: "basic_action",
            Claims: claimsChallenge);

    public static EntraError UserDisabled() =>
        new("invalid_grant", 50057, "User account is disabled. The user object in Active Directory backing this account has been disabled.");

    /// <summary>The sign-in behind the assertion was revoked (sessions revoked, password changed) after it was made.</summary>
    public static EntraError SessionRevoked(string? claimsChallenge) =>
        new("invalid_grant", 50133,
            "Session is invalid due to expiration or recent password change. The user's sign-in sessions were revoked after this token was issued.",
            SubError: "basic_action",
            Claims: claimsChallenge);

    public static EntraError InvalidClaimsParameter() =>
        new("invalid_request", 90100, "Invalid request parameter: the 'claims' parameter is empty or not a valid JSON object.");

    public static EntraError MalformedClientAssertion() =>
        new("invalid_client", 50027, "Client assertion is not a valid JWT: JWT token is invalid or malformed.", StatusCodes.Status401Unauthorized);

    public static EntraError ClientAssertionSignatureInvalid(string clientId, string reason) =>
        new("invalid_client", 700027,
            $"Client assertion failed signature validation. [Reason - {reason}] Check the certificate registered on app '{clientId}'.",
            StatusCodes.Status401Unauthorized);

    public static EntraError ClientAssertionIssuerMismatch(string clientId) =>
        new("invalid_client", 700021,
            $"Client assertion application identifier doesn't match 'client_id' parameter. 'iss' and 'sub' must be '{clientId}'.",
            StatusCodes.Status401Unauthorized);

    // Entra's exact code for a wrong assertion audience could not be confirmed; it is reported as a failed validation.
    public static EntraError ClientAssertionAudienceInvalid(string tokenEndpoint) =>
        new("invalid_client", 700027,
            $"Client assertion failed validation. [Reason - The audience claim does not match the token endpoint '{tokenEndpoint}'.]",
            StatusCodes.Status401Unauthorized);

    public static EntraError ClientAssertionOutsideValidity() =>
        new("invalid_client", 700024, "Client assertion is not within its valid time range.", StatusCodes.Status401Unauthorized);

    public static EntraError InvalidInstance() =>
        new("invalid_instance", 50049, "Unknown or invalid instance.");

    public static EntraError RedirectUriMismatch(string redirectUri, string clientId) =>
        new("invalid_request", 50011,
            $"The redirect URI '{redirectUri}' specified in the request does not match the redirect URIs configured for the application " +
            $"'{clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.");

    public static EntraError UnsupportedResponseType(string responseType) =>
        new("unsupported_response_type", 700054, $"response_type '{responseType}' is not enabled for the application.");

    public static EntraError UnsupportedResponseMode(string responseMode) =>
        new("invalid_request", 90100, $"response_mode '{responseMode}' is not valid. Use query, fragment or form_post.");

    public static EntraError PkceRequired() =>
        new("invalid_request", 9002325, "Proof Key for Code Exchange is required for cross-origin authorization code redemption.");

    public static EntraError InvalidCodeChallengeMethod(string? method) =>
        new("invalid_request", 50149, $"Invalid Code_Challenge_method parameter '{method}'. The emulator accepts S256 only.");

    public static EntraError InvalidCodeChallengeSize() =>
        new("invalid_request", 501491, "Invalid size of Code_Challenge parameter.");

    public static EntraError LoginRequired() =>
        new("login_required", 50058, "A silent sign-in request was sent but no user is signed in.");

    public static EntraError MalformedAuthorizationCode() =>
        new("invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.");

    public static EntraError AuthorizationCodeRedeemed() =>
        new("invalid_grant", 54005, "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.");

    public static EntraError AuthorizationCodeExpired() =>
        new("invalid_grant", 70008,
            "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.");

    public static EntraError AuthorizationCodeMismatch(string parameter) =>
        new("invalid_grant", 70000, $"Provided grant is invalid or malformed: the '{parameter}' does not match the one the authorization code was issued for.");

    public static EntraError CodeVerifierMismatch() =>
        new("invalid_grant", 50148, "The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.");

    public static EntraError SpaRedemptionRequiresCrossOrigin() =>
        new("invalid_request", 9002327, "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.");

    public static EntraError CrossOriginRedemptionOnlyForSpa(string origin) =>
        new("invalid_request", 9002326,
            $"Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: '{origin}'.");

    public static EntraError ServerError() =>
        new("server_error", 50000, "There was an error issuing a token or an issue with our sign-in service.", StatusCodes.Status500InternalServerError);

    public static EntraError EndpointNotFound(string path) =>
        new("not_found", 90404, $"The Entra emulator serves no endpoint at '{path}'.", StatusCodes.Status404NotFound);
}
