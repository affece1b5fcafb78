using System.Text.Json;
using EntraEmulator.Model;
using EntraEmulator.Protocol;

namespace EntraEmulator.ConditionalAccess;

/// <summary>
/// Conditional Access authentication contexts (<c>c1</c> … <c>c99</c>), declared per tenant
/// (<c>EntraEmulator:AuthenticationContexts</c>), each guarded by the emulator's one control: the development second
/// factor. An app asks for a context with a claims request (<c>{"access_token":{"acrs":{"essential":true,"value":"c1"}}}</c>);
/// when the sign-in met it, the token carries it in <c>acrs</c>; when it did not, the request fails as a Conditional
/// Access interruption (AADSTS50076, with the claims to sign in again with). Contexts the tenant does not declare are
/// never issued, as in Entra.
/// </summary>
public sealed class AuthenticationContextPolicy(TenantDirectory directory)
{
    public bool IsDeclared(string context) => directory.AuthenticationContexts.Contains(context, StringComparer.OrdinalIgnoreCase);

    /// <summary>The declared contexts among <paramref name="requested"/> that this sign-in satisfies.</summary>
    public IReadOnlyList<string> Satisfied(UserIdentity user, IEnumerable<string> requested) =>
        user.DidMultiFactorAuthentication ? [.. requested.Where(IsDeclared).Distinct(StringComparer.OrdinalIgnoreCase)] : [];

    /// <summary>
    /// For a token request: the contexts it asks for must all be met by the sign-in (Entra: AADSTS50076 and a claims
    /// challenge naming them otherwise); the token's <c>acrs</c> are those met at sign-in plus those asked for now.
    /// </summary>
    public Resolution<IReadOnlyList<string>> Evaluate(UserIdentity user, ClaimsRequest claims, RegisteredApplication resource)
    {
        var asked = claims.Contexts.Where(IsDeclared).ToList();
        var met = Satisfied(user, asked);
        if (met.Count < asked.Count)
        {
            return EntraError.MfaRequired(resource.ClientId, Challenge(asked));
        }

        IReadOnlyList<string> issued = [.. (user.AuthenticationContexts ?? []).Concat(met).Distinct(StringComparer.OrdinalIgnoreCase)];
        return new Resolution<IReadOnlyList<string>>(issued, null);
    }

    /// <summary>The claims request that names the contexts: what a client signs in again with.</summary>
    public static string Challenge(IReadOnlyList<string> contexts) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["access_token"] = new Dictionary<string, object>
            {
                ["acrs"] = contexts.Count == 1
                    ? new Dictionary<string, object> { ["essential"] = true, ["value"] = contexts[0] }
                    : new Dictionary<string, object> { ["essential"] = true, ["values"] = contexts },
            },
        });
}
