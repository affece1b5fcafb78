using System.Security.Claims;

namespace FrontApi.Failures;

/// <summary>
/// Whether FrontApi's caller said it handles claims challenges: its token's <c>xms_cc</c> names <c>cp1</c>. Microsoft
/// Learn ("Claims challenges, claims requests and client capabilities") calls that claim the authoritative way for an
/// API to know; FrontApi asks for it as an optional claim of its registration (<c>xms_cc</c> in its access tokens).
/// Only such a caller is sent a claims challenge; any other gets a 403 it can read as "sign in again".
/// </summary>
public static class CallerCapabilities
{
    public const string ClaimType = "xms_cc";
    public const string ClaimsChallengeCapability = "cp1";

    public static bool HandlesClaimsChallenges(ClaimsPrincipal? caller) =>
        caller?.FindAll(ClaimType).Any(claim => string.Equals(claim.Value, ClaimsChallengeCapability, StringComparison.OrdinalIgnoreCase)) == true;
}
