using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Identity.Web;

namespace FrontApi.OnBehalfOf;

public static class AuthorizationPolicies
{
    public const string AccessAsUser = nameof(AccessAsUser);
}

public static class OnBehalfOfAuthenticationExtensions
{
    /// <summary>The delegated scope FrontApi exposes; every endpoint requires it.</summary>
    public const string AccessAsUserScope = "access_as_user";

    /// <summary>
    /// Validates the caller's token (AzureAd section, via ServiceDefaults) and enables the On-Behalf-Of exchange
    /// with FrontApi's client credentials, tokens cached in the distributed cache (see the TokenCache folder).
    /// </summary>
    public static IHostApplicationBuilder AddOnBehalfOfAuthentication(this IHostApplicationBuilder builder)
    {
        builder.AddProtectedWebApi()
            .EnableTokenAcquisitionToCallDownstreamApi()
            .AddDistributedTokenCaches();

        // Without a credential every OBO exchange would fail at request time; fail at startup instead.
        builder.Services.AddOptions<MicrosoftIdentityOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Validate(options => options.ClientCredentials?.Any(ClientCredentialRequirements.IsComplete) == true,
                ClientCredentialRequirements.Help)
            .ValidateOnStart();

        builder.Services.AddRequiredScopeAuthorization();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AuthorizationPolicies.AccessAsUser, policy => policy
                .RequireAuthenticatedUser()
                .RequireScope(AccessAsUserScope));

        return builder;
    }
}
