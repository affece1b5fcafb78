using System.Text.Json;
using EntraEmulator.Protocol;

namespace EntraEmulator.ConditionalAccess;

/// <summary>What a <c>claims</c> parameter asks of a sign-in: the authentication contexts it names (<c>acrs</c>).</summary>
/// <param name="Present">A claims request was sent (after a claims challenge): the sign-in must satisfy the policy again.</param>
public sealed record ClaimsRequest(bool Present, IReadOnlyList<string> Contexts)
{
    public static readonly ClaimsRequest None = new(false, []);
}

/// <summary>
/// The <c>claims</c> parameter of a sign-in (what MSAL's <c>WithClaims</c> sends after a claims challenge). Only an
/// interactive sign-in can answer it: <c>/authorize</c> then asks for a second factor, after which the sign-in counts
/// as multi-factor and the authentication contexts requested under <c>access_token.acrs</c> are satisfied. A password
/// grant validates the parameter but cannot satisfy it (Entra never lets a password sign-in satisfy MFA).
/// </summary>
public static class SignInClaimsRequest
{
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

            return new ClaimsRequest(true, RequestedContexts(document.RootElement));
        }
        catch (JsonException)
        {
            return EntraError.InvalidClaimsParameter();
        }
    }

    /// <summary><c>{"access_token":{"acrs":{"essential":true,"value":"c1"}}}</c> or with <c>"values":["c1","c2"]</c>.</summary>
    private static List<string> RequestedContexts(JsonElement root)
    {
        if (!root.TryGetProperty("access_token", out var accessToken) || accessToken.ValueKind != JsonValueKind.Object
            || !accessToken.TryGetProperty("acrs", out var acrs) || acrs.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var contexts = new List<string>();
        if (acrs.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String)
        {
            contexts.Add(value.GetString()!);
        }

        if (acrs.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Array)
        {
            contexts.AddRange(values.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!));
        }

        return [.. contexts.Where(context => context.Length > 0).Distinct(StringComparer.Ordinal)];
    }
}
