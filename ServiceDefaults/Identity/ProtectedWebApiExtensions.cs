using ServiceDefaults.Identity;
using ServiceDefaults.Readiness;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Identity.Web;

namespace Microsoft.Extensions.Hosting;

public static class ProtectedWebApiExtensions
{
    /// <summary>
    /// A web API protected by Microsoft.Identity.Web from the <c>AzureAd</c> section, with the pieces both APIs share:
    /// development-only trust of the local EntraEmulator, and <c>insufficient_scope</c> challenges on 403, and the
    /// authority's metadata loaded before the API reports healthy (<see cref="AuthorityMetadataReadiness"/>).
    /// </summary>
    public static MicrosoftIdentityWebApiAuthenticationBuilderWithConfiguration AddProtectedWebApi(
        this IHostApplicationBuilder builder, string configSectionName = Constants.AzureAd)
    {
        builder.AddEntraEmulatorTrust();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, InsufficientScopeChallengeHandler>();
        builder.Services.AddTokenRejectionLogging();
        builder.Services.AddIdentityModelLogLevels();
        builder.Services.AddReadinessStep<AuthorityMetadataReadiness>();

        builder.Services.AddOptions<MicrosoftIdentityOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Validate(options => !string.IsNullOrWhiteSpace(options.ClientId),
                $"'{configSectionName}:ClientId' is not set. Run through the AppHost (dotnet run --project AppHost) or see the README's 'Configuration'.")
            .Validate(options => !string.IsNullOrWhiteSpace(options.TenantId) && !string.IsNullOrWhiteSpace(options.Instance),
                $"'{configSectionName}:Instance' and '{configSectionName}:TenantId' must name the authority (Entra ID or the local EntraEmulator).")
            .Validate(_ => string.IsNullOrWhiteSpace(builder.Configuration[$"{configSectionName}:Authority"]),
                $"'{configSectionName}:Authority' contradicts '{configSectionName}:Instance' and '{configSectionName}:TenantId' (Identity.Web ignores it): remove it.")
            .ValidateOnStart();

        // With Instance + TenantId (the only configuration the check above allows), Identity.Web 4.18 still warns at
        // the first token acquisition that "Authority '{Instance}{TenantId}/v2.0' is being ignored": an authority it
        // derived itself (MicrosoftIdentityApplicationOptions.Authority) and then found next to Instance in its merged
        // options. No configuration avoids it (Authority alone logs another warning and breaks On-Behalf-Of, see
        // README), so that category's warnings — all about Authority, which cannot be set here — are not shown.
        builder.Logging.AddFilter("Microsoft.Identity.Web.MergedOptions", LogLevel.Error);

        return builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddMicrosoftIdentityWebApi(builder.Configuration.GetSection(configSectionName));
    }

    /// <summary>
    /// The request pipeline of a protected web API, in the order it needs: errors become problem details (so a failure
    /// in authentication still answers RFC 9457), then the bearer token is validated, then the endpoint's policy checked.
    /// </summary>
    public static WebApplication UseProtectedWebApi(this WebApplication app)
    {
        app.UseProblemDetailsErrors();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
