using EntraEmulator.Model;
using EntraEmulator.Protocol;
using EntraEmulator.Tokens;

namespace EntraEmulator.Endpoints;

/// <summary>
/// The tenant's JWKS. Like Entra's, each key names its <c>issuer</c>: Identity.Web checks that it equals the token's
/// issuer, so it is built from the same base address.
/// </summary>
public static class KeysEndpoints
{
    public static IEndpointRouteBuilder MapKeysEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/{tenant}/discovery/v2.0/keys", GetKeys);
        return endpoints;
    }

    private static IResult GetKeys(string tenant, HttpRequest request, TenantDirectory directory, EmulatorUrls urls, SigningKey key)
    {
        if (!directory.IsThisTenant(tenant))
        {
            return new EntraErrorResult(EntraError.TenantNotFound(tenant));
        }

        return TypedResults.Json(new
        {
            keys = new[]
            {
                new Dictionary<string, string>
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["kid"] = key.KeyId,
                    ["n"] = key.Modulus,
                    ["e"] = key.Exponent,
                    ["cloud_instance_name"] = "microsoftonline.com",
                    ["issuer"] = urls.Issuer(request),
                },
            },
        });
    }
}
