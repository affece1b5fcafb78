namespace EntraEmulator.Protocol;

/// <summary>The user a delegated token is about: from the directory (password grant) or from an assertion (OBO).</summary>
/// <param name="AuthenticationMethods">How the user signed in (<c>pwd</c>, plus <c>mfa</c> after a second factor). Kept in the
/// sealed <c>aio</c>, never as <c>amr</c> in a v2.0 access token.</param>
/// <param name="AuthenticationContexts">Entra's <c>acrs</c>: authentication context ids the sign-in satisfied.</param>
public sealed record UserIdentity(
    string ObjectId,
    string? Name,
    string? PreferredUsername,
    IReadOnlyList<string>? AuthenticationMethods = null,
    IReadOnlyList<string>? AuthenticationContexts = null)
{
    /// <summary>Entra's <c>amr</c> value for a password sign-in.</summary>
    public const string PasswordMethod = "pwd";

    /// <summary>Entra's <c>amr</c> value for a sign-in that passed a second factor.</summary>
    public const string MultiFactorMethod = "mfa";

    public bool DidMultiFactorAuthentication => AuthenticationMethods?.Contains(MultiFactorMethod) == true;
}
