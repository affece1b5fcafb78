using System.Security.Claims;
using Microsoft.Identity.Web;

namespace DownstreamApi.Authorization;

/// <summary>
/// Claims Identity.Web has no helper for. JwtBearer maps some inbound claim types to long URIs (scp, for instance),
/// so scopes are read under both names, as Identity.Web's own scope check does.
/// </summary>
public static class ClaimsPrincipalExtensions
{
    private const string AuthorizedParty = "azp";   // v2.0 tokens
    private const string AppId = "appid";           // v1.0 tokens

    public static string? GetClientApplicationId(this ClaimsPrincipal user) =>
        user.FindFirstValue(AuthorizedParty) ?? user.FindFirstValue(AppId);

    public static IReadOnlyList<string> GetScopes(this ClaimsPrincipal user) =>
    [
        .. user.FindAll(ClaimConstants.Scp).Concat(user.FindAll(ClaimConstants.Scope))
            .SelectMany(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Distinct(StringComparer.Ordinal)
    ];
}
