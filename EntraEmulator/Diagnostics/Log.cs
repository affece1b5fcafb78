namespace EntraEmulator.Diagnostics;

/// <summary>
/// Everything the emulator logs. Identifiers only (client id, user object id, grant, error code):
/// never a token, assertion, secret or password. Request input that was not validated goes through <see cref="LogValues"/>.
/// </summary>
public static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Created a new signing key {KeyId} in {Path}")]
    public static partial void SigningKeyCreated(this ILogger logger, string keyId, string path);

    [LoggerMessage(2, LogLevel.Information, "Loaded signing key {KeyId} from {Path}")]
    public static partial void SigningKeyLoaded(this ILogger logger, string keyId, string path);

    [LoggerMessage(3, LogLevel.Information, "Issued {GrantType} token to client {ClientId} for resource {ResourceClientId} (user {UserObjectId})")]
    public static partial void TokenIssued(this ILogger logger, string grantType, string clientId, string resourceClientId, string? userObjectId);

    [LoggerMessage(4, LogLevel.Warning, "Token request ({GrantType}) from client {ClientId} failed: {Error} AADSTS{ErrorCode}")]
    public static partial void TokenRequestFailed(this ILogger logger, string? grantType, string? clientId, string error, int errorCode);

    [LoggerMessage(5, LogLevel.Error, "Unexpected failure serving {Path}")]
    public static partial void UnexpectedFailure(this ILogger logger, Exception exception, string path);

    [LoggerMessage(6, LogLevel.Information, "Instance discovery for host {Host}: {Outcome}")]
    public static partial void InstanceDiscovery(this ILogger logger, string host, string outcome);

    [LoggerMessage(7, LogLevel.Warning, "Authorization request rejected: {Error} AADSTS{ErrorCode}")]
    public static partial void AuthorizationRejected(this ILogger logger, string error, int errorCode);

    [LoggerMessage(8, LogLevel.Warning, "Interactive sign-in for client {ClientId} failed: {Reason}")]
    public static partial void SignInFailed(this ILogger logger, string clientId, string reason);

    [LoggerMessage(9, LogLevel.Information, "User {UserObjectId} signed in interactively for client {ClientId}; authorization code issued")]
    public static partial void SignedIn(this ILogger logger, string clientId, string userObjectId);

    /// <summary>
    /// The development second factor, delivered where a developer sees it. A one-time code is the one secret this log
    /// carries on purpose: it is what a real tenant would text to the user, it proves nothing once used, and it expires in 5 minutes.
    /// </summary>
    [LoggerMessage(10, LogLevel.Warning, "Multi-factor sign-in for {UserPrincipalName} (sign-in {SignInReference}): one-time code {OneTimeCode} (development second factor, valid 5 minutes)")]
    public static partial void SecondFactorCode(this ILogger logger, string userPrincipalName, string signInReference, string oneTimeCode);

    [LoggerMessage(11, LogLevel.Information, "User {UserObjectId} passed the second factor for client {ClientId}")]
    public static partial void SecondFactorPassed(this ILogger logger, string clientId, string userObjectId);
}
