using EntraEmulator.Protocol;

namespace EntraEmulator.Grants;

/// <summary>
/// Entra binds codes and refresh tokens to the platform of the redirect URI they were issued through: those of a SPA
/// redirect URI may only be redeemed by a browser's cross-origin request (an <c>Origin</c> header, AADSTS9002327), and
/// those of any other platform never cross-origin (AADSTS9002326).
/// </summary>
internal static class SpaRedemption
{
    public static EntraError? Check(bool issuedToSpa, TokenRequest request) => (issuedToSpa, request.Origin) switch
    {
        (true, null) => EntraError.SpaRedemptionRequiresCrossOrigin(),
        (false, { } origin) => EntraError.CrossOriginRedemptionOnlyForSpa(origin),
        _ => null,
    };
}
