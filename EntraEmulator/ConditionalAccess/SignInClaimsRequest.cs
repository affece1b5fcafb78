using System.Text.Json;
using EntraEmulator.Protocol;

namespace EntraEmulator.ConditionalAccess;

/// <summary>What a <c>claims</c> parameter asks of a sign-in or a token request.</summary>
/// <param name="Present">A claims request was sent.</param>
/// <param name="Contexts">The authentication contexts it asks for (<c>access_token.acrs</c>).</param>
/// <param name="ClientCapabilities">What the client declares it can handle (<c>access_token.xms_cc.values</c>, e.g. <c>cp1</c>).</param>
/// <param name="AsksForStrongerSignIn">It asks for more than client capabilities and a fresh sign-in (<c>nbf</c>, a CAE
/// challenge): a Conditional Access policy (<c>capolids</c>), an authentication context, or a claim the emulator does
/// not know. Only a second factor answers it.</param>
public sealed record ClaimsRequest(bool Present, IReadOnlyList<string> Contexts, IReadOnlyList<string> ClientCapabilities, bool AsksForStrongerSignIn)
{
    /// <summary>Microsoft's client capability "can handle claims challenges" (Continuous Access Evaluation).</summary>
    public const string ClaimsChallengeCapability = "cp1";

    public static readonly ClaimsRequest None = new(false, [], [], false);

    public bool DeclaresClaimsChallengeCapability => ClientCapabilities.Contains(ClaimsChallengeCapability, StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// The <c>claims</c> parameter (what MSAL sends after a claims challenge, merged with the client capabilities it was
/// configured with: <c>{"access_token":{"xms_cc":{"values":["cp1"]}}}</c>, on every token request, OBO included).
/// Only an interactive sign-in can answer a request for a stronger sign-in: <c>/authorize</c> then asks for a second
/// factor, after which the sign-in counts as multi-factor and satisfies the tenant's authentication contexts. A password
/// grant validates the parameter but cannot satisfy it (Entra never lets a password sign-in satisfy MFA).
/// </summary>
public static class SignInClaimsRequest
{
    /// <summary>Claims in a request that a plain new sign-in satisfies: <c>nbf</c> (CAE's "a token issued after …"),
    /// and the client capabilities, which ask nothing of the user.</summary>
    private static readonly string[] AnsweredByAnySignIn = ["nbf", "xms_cc"];

    public static Resolution<ClaimsRequest> Parse(string? claims)
    {
        if (claims is null)
        {
            return ClaimsRequest.None;
        }

        try
        {
            using var document = JsonDocument.Parse(claims);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return EntraError.InvalidClaimsParameter();
            }

            var accessToken = document.RootElement.TryGetProperty("access_token", out var value) && value.ValueKind == JsonValueKind.Object
                ? value
                : (JsonElement?)null;
            var names = accessToken?.EnumerateObject().Select(property => property.Name).ToList() ?? [];
            var stronger = names.Count == 0 || names.Any(name => !AnsweredByAnySignIn.Contains(name, StringComparer.Ordinal));
            return new ClaimsRequest(true, Values(accessToken, "acrs"), Values(accessToken, "xms_cc"), stronger);
        }
        catch (JsonException)
        {
            return EntraError.InvalidClaimsParameter();
        }
    }

    /// <summary><c>{"acrs":{"essential":true,"value":"c1"}}</c> or with <c>"values":["c1","c2"]</c>.</summary>
    private static List<string> Values(JsonElement? accessToken, string claim)
    {
        if (accessToken is not { } parent || !parent.TryGetProperty(claim, out var request) || request.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var values = new List<string>();
        if (request.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String)
        {
            values.Add(value.GetString()!);
        }

        if (request.TryGetProperty("values", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            values.AddRange(list.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!));
        }

        return [.. values.Where(item => item.Length > 0).Distinct(StringComparer.Ordinal)];
    }
}
