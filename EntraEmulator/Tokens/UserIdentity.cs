namespace EntraEmulator.Tokens;

/// <summary>The user a delegated token is about: from the directory (password grant) or from an assertion (OBO).</summary>
/// <param name="AuthenticationMethods">Entra's <c>amr</c>: how the user signed in (<c>pwd</c>, plus <c>mfa</c> after a step-up).</param>
/// <param name="AuthenticationContexts">Entra's <c>acrs</c>: authentication context ids the sign-in satisfied.</param>
public sealed record UserIdentity(
    string ObjectId,
    string? Name,
    string? PreferredUsername,
    IReadOnlyList<string>? AuthenticationMethods = null,
    IReadOnlyList<string>? AuthenticationContexts = null)
{
    public bool DidMultiFactorAuthentication => AuthenticationMethods?.Contains(ConditionalAccess.ConditionalAccessPolicy.MultiFactorMethod) == true;
}
