using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Identity.Web;
using ServiceDefaults.Identity;

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
    /// What FrontApi requires of the chain in Program.cs: every endpoint the delegated scope <c>access_as_user</c> and a
    /// token naming its user (<c>tid</c>, <c>oid</c>); a complete client credential, checked at startup; little clock skew
    /// for the caller's token.
    /// </summary>
    public static IHostApplicationBuilder AddAccessAsUserPolicy(this IHostApplicationBuilder builder)
    {
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
                .RequireScope(AccessAsUserScope)
                .RequireNamedUser()); // jobs are owned by (tid, oid): a token without them owns nothing

        return builder;
    }
}
