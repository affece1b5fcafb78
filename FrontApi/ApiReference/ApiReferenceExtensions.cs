using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;
using Scalar.AspNetCore;

namespace FrontApi.ApiReference;

/// <summary>
/// FrontApi's OpenAPI document (<c>/openapi/v1.json</c>) and an interactive page to try it (<c>/scalar/</c>, Scalar),
/// Development only: Authorize → sign in → call the API with the token the page obtained.
/// </summary>
public static class ApiReferenceExtensions
{
    /// <summary>The page's address, which is also its OAuth redirect URI (register it for the public client).</summary>
    public const string PagePath = "/scalar/";

    public static IHostApplicationBuilder AddApiReference(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer<OAuth2SecuritySchemeTransformer>());

        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddOptions<ApiReferenceOptions>()
                .BindConfiguration(ApiReferenceOptions.SectionName)
                .ValidateDataAnnotations()
                .ValidateOnStart();
        }

        return builder;
    }

    public static WebApplication MapApiReference(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            return app;
        }

        app.MapOpenApi();
        app.MapScalarApiReference((options, context) =>
        {
            var settings = context.RequestServices.GetRequiredService<IOptions<ApiReferenceOptions>>().Value;
            var azureAd = context.RequestServices.GetRequiredService<IOptionsMonitor<MicrosoftIdentityOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);

            options
                .WithTitle("AspireObo FrontApi")
                .DisableDefaultFonts()   // served from a CDN: the page must work offline
                .DisableTelemetry()
                .DisableAgent()          // no AI chat, no MCP, no hosted toolbar: a local page for trying the API
                .DisableMcp()
                .HideDeveloperTools()
                .AddPreferredSecuritySchemes(OAuth2SecuritySchemeTransformer.SchemeName)
                .AddAuthorizationCodeFlow(OAuth2SecuritySchemeTransformer.SchemeName, flow => flow
                    .WithClientId(settings.ClientId)
                    .WithPkce(Pkce.Sha256)
                    .WithCredentialsLocation(CredentialsLocation.Body) // a public client: client_id in the form, no secret
                    .WithSelectedScopes([OAuth2SecuritySchemeTransformer.ScopeOf(settings, azureAd)])
                    // Exactly the registered redirect URI, on the address the browser used.
                    .WithRedirectUri($"{context.Request.Scheme}://{context.Request.Host}{PagePath}")
                    .WithClaimsChallenge(context.Request));
        });

        return app;
    }

    /// <summary>
    /// A Conditional Access challenge (a 403 whose <c>WWW-Authenticate</c> carries <c>claims</c>) is answered by signing
    /// in again with those claims, as MSAL's <c>WithClaims</c> does: <c>/scalar/?claims={...}</c> passes them on to the
    /// authorization request. Only a JSON object of reasonable size is passed; anything else is ignored.
    /// </summary>
    private static AuthorizationCodeFlow WithClaimsChallenge(this AuthorizationCodeFlow flow, HttpRequest request)
    {
        if (request.Query["claims"].ToString() is not { Length: > 0 and <= 4096 } claims)
        {
            return flow;
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(claims);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object ? flow.AddQueryParameter("claims", claims) : flow;
        }
        catch (System.Text.Json.JsonException)
        {
            return flow;
        }
    }
}
