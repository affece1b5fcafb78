using System.Text.Json;
using EntraEmulator.Protocol;

namespace EntraEmulator.ConditionalAccess;

/// <summary>How a user signed in: Entra's <c>amr</c> and <c>acrs</c>.</summary>
public sealed record SignInMethods(IReadOnlyList<string> Methods, IReadOnlyList<string> Contexts);

/// <summary>
/// The <c>claims</c> parameter of a sign-in (what MSAL's <c>WithClaims</c> sends after a claims challenge). A real tenant
/// would now prompt for the second factor; the emulator's development users have none, so asking is doing: the sign-in
/// counts as multi-factor (<c>amr</c> = pwd, mfa) and the authentication contexts requested under
/// <c>access_token.acrs</c> are satisfied (<c>acrs</c>).
/// </summary>
public static class SignInClaimsRequest
{
    public static Resolution<SignInMethods> Evaluate(TokenRequest request)
    {
        if (request["claims"] is not { } claims)
        {
            return new SignInMethods([ConditionalAccessPolicy.PasswordMethod], []);
        }

        try
        {
            using var document = JsonDocument.Parse(claims);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return EntraError.InvalidClaimsParameter();
            }

            return new SignInMethods([ConditionalAccessPolicy.PasswordMethod, ConditionalAccessPolicy.MultiFactorMethod], RequestedContexts(document.RootElement));
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
