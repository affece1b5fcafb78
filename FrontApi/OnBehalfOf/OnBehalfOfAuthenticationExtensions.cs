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
    /// How far past its expiry FrontApi still accepts a caller's token. Microsoft.IdentityModel's default is 5 minutes
    /// (TokenValidationParameters.DefaultClockSkew); FrontApi's clock and the identity platform's are both kept on time, and
    /// a token FrontApi accepts must still be accepted by the identity platform when FrontApi exchanges it, so the margin
    /// is small (README, "Ready the moment it says healthy"). A token that expires in between is answered 401 invalid_token.
    /// </summary>
    public static readonly TimeSpan CallersTokenClockSkew = TimeSpan.FromSeconds(30);

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

        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme,
            options => options.TokenValidationParameters.ClockSkew = CallersTokenClockSkew);

        builder.Services.AddRequiredScopeAuthorization();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AuthorizationPolicies.AccessAsUser, policy => policy
                .RequireAuthenticatedUser()
                .RequireScope(AccessAsUserScope));

        return builder;
    }
}
