using System.Text.Json.Nodes;
using FrontApi.OnBehalfOf;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;
using Microsoft.OpenApi;

namespace FrontApi.ApiReference;

/// <summary>
/// Describes how to call FrontApi in its OpenAPI document: an OAuth2 authorization code flow against the configured
/// authority (the EntraEmulator or a real Entra tenant, from the <c>AzureAd</c> section) for the delegated scope every
/// endpoint requires.
/// </summary>
public sealed class OAuth2SecuritySchemeTransformer(
    IOptionsMonitor<MicrosoftIdentityOptions> identity,
    IOptions<ApiReferenceOptions> apiReference) : IOpenApiDocumentTransformer
{
    public const string SchemeName = "oauth2";
    public const string MetadataUrlProperty = "oauth2MetadataUrl";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var azureAd = identity.Get(JwtBearerDefaults.AuthenticationScheme);
        var tenant = $"{azureAd.Instance!.TrimEnd('/')}/{azureAd.TenantId}";
        var authority = $"{tenant}/oauth2/v2.0";
        var scope = ScopeOf(apiReference.Value, azureAd);

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OAuth2,
            Description = "Sign in with the authorization code flow and PKCE (Microsoft Entra ID or the local EntraEmulator).",
            // OpenAPI 3.2's oauth2MetadataUrl: where the authority's metadata is. Scalar shows it as "Metadata URL" (with an
            // example.com placeholder when absent); Entra and the emulator publish it as the OpenID Connect discovery document.
            Extensions = new Dictionary<string, IOpenApiExtension>
            {
                [MetadataUrlProperty] = new JsonNodeExtension(JsonValue.Create($"{tenant}/v2.0/.well-known/openid-configuration")),
            },
            Flows = new OpenApiOAuthFlows
            {
                AuthorizationCode = new OpenApiOAuthFlow
                {
                    AuthorizationUrl = new Uri($"{authority}/authorize"),
                    TokenUrl = new Uri($"{authority}/token"),
                    Scopes = new Dictionary<string, string> { [scope] = "Call FrontApi as the signed-in user" },
                },
            },
        };

        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [scope] });
        return Task.CompletedTask;
    }

    public static string ScopeOf(ApiReferenceOptions options, MicrosoftIdentityOptions azureAd) =>
        string.IsNullOrWhiteSpace(options.Scope) ? $"api://{azureAd.ClientId}/{OnBehalfOfAuthenticationExtensions.AccessAsUserScope}" : options.Scope;
}
