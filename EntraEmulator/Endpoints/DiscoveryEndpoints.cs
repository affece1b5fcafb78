using EntraEmulator.Model;
using EntraEmulator.Protocol;

namespace EntraEmulator.Endpoints;

/// <summary>OpenID Connect discovery, in Entra's v2.0 shape (what JwtBearer and Identity.Web read).</summary>
public static class DiscoveryEndpoints
{
    public static IEndpointRouteBuilder MapDiscoveryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", GetConfiguration);
        return endpoints;
    }

    private static IResult GetConfiguration(string tenant, HttpRequest request, TenantDirectory directory, EmulatorUrls urls)
    {
        if (!directory.IsThisTenant(tenant))
        {
            return new EntraErrorResult(EntraError.TenantNotFound(tenant));
        }

        return TypedResults.Json(new Dictionary<string, object?>
        {
            ["token_endpoint"] = urls.TokenEndpoint(request),
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "private_key_jwt", "client_secret_basic" },
            ["jwks_uri"] = urls.JwksUri(request),
            ["response_modes_supported"] = new[] { "query", "fragment", "form_post" },
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["response_types_supported"] = new[] { "code", "id_token", "code id_token", "id_token token" },
            ["scopes_supported"] = new[] { "openid", "profile", "email", "offline_access" },
            ["issuer"] = urls.Issuer(request),
            ["request_uri_parameter_supported"] = false,
            ["authorization_endpoint"] = urls.AuthorizationEndpoint(request),
            ["end_session_endpoint"] = urls.EndSessionEndpoint(request),
            ["frontchannel_logout_supported"] = true,
            ["http_logout_supported"] = true,
            ["claims_supported"] = new[]
            {
                "sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "aud", "exp", "iat", "auth_time",
                "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email",
            },
            ["tenant_region_scope"] = null,
            ["cloud_instance_name"] = "microsoftonline.com",
            ["cloud_graph_host_name"] = "graph.windows.net",
            ["msgraph_host"] = "graph.microsoft.com",
        });
    }
}
