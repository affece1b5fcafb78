using System.Globalization;
using System.Text.Json;
using EntraEmulator.Model;
using Microsoft.IdentityModel.JsonWebTokens;

namespace EntraEmulator.ConditionalAccess;

/// <summary>
/// Continuous Access Evaluation, the token side: a CAE resource (Microsoft Graph, in every tenant) gets long-lived tokens
/// (up to 28 hours) for a client that declared the <c>cp1</c> capability, because the resource itself rejects them, with
/// a claims challenge, as soon as a critical event happens (sessions revoked, account disabled, password changed). A
/// client that did not declare <c>cp1</c> cannot handle that challenge, so it gets the default, short lifetime and no
/// challenge. The declared capabilities travel in the token as <c>xms_cc</c>, for a CAE resource and for any resource
/// that asks for the optional claim: "the authoritative way to identify a client application is capable of handling a
/// claims challenge" (Microsoft Learn, "Claims challenges, claims requests and client capabilities").
/// </summary>
public static class ContinuousAccessEvaluation
{
    /// <summary>Microsoft Graph's application id: the one CAE resource the emulator serves.</summary>
    private const string MicrosoftGraphClientId = "00000003-0000-0000-c000-000000000000";

    public const string ClientCapabilitiesClaim = "xms_cc";

    public static bool IsResource(RegisteredApplication resource) =>
        string.Equals(resource.ClientId, MicrosoftGraphClientId, StringComparison.OrdinalIgnoreCase);

    /// <summary>A CAE session: a CAE resource, and a client that said it handles claims challenges.</summary>
    public static bool IsSession(RegisteredApplication resource, ClaimsRequest claims) =>
        IsResource(resource) && claims.DeclaresClaimsChallengeCapability;

    /// <summary>Whether the token for <paramref name="resource"/> carries the client's capabilities.</summary>
    public static bool CarriesCapabilities(RegisteredApplication resource, ClaimsRequest claims) =>
        claims.ClientCapabilities.Count > 0 && (IsResource(resource) || resource.WantsOptionalClaim(ClientCapabilitiesClaim));

    /// <summary>A token of a CAE session: its <c>xms_cc</c> says the client handles claims challenges (<c>cp1</c>).</summary>
    public static bool IsCaeToken(JsonWebToken token) =>
        token.TryGetPayloadValue<string[]>(ClientCapabilitiesClaim, out var capabilities) && capabilities is not null
            ? capabilities.Contains(ClaimsRequest.ClaimsChallengeCapability, StringComparer.OrdinalIgnoreCase)
            : token.TryGetPayloadValue<string>(ClientCapabilitiesClaim, out var single) && string.Equals(single, ClaimsRequest.ClaimsChallengeCapability, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the token was issued before <paramref name="validFrom"/> (whole seconds, as <c>iat</c> counts them).</summary>
    public static bool IssuedBefore(JsonWebToken token, DateTimeOffset validFrom) =>
        !token.TryGetPayloadValue<long>("iat", out var issuedAt) || issuedAt < validFrom.ToUnixTimeSeconds();

    /// <summary>
    /// The claims a CAE resource asks for after a critical event: a token issued after it
    /// (<c>{"access_token":{"nbf":{"essential":true,"value":"1604106651"}}}</c>, Microsoft Learn's example).
    /// </summary>
    public static string NotBeforeChallenge(DateTimeOffset validFrom) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["access_token"] = new Dictionary<string, object>
            {
                ["nbf"] = new Dictionary<string, object>
                {
                    ["essential"] = true,
                    ["value"] = validFrom.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                },
            },
        });
}
