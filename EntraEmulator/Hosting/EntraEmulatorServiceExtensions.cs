using EntraEmulator.ConditionalAccess;
using EntraEmulator.Diagnostics;
using EntraEmulator.Faults;
using EntraEmulator.Grants;
using EntraEmulator.Graph;
using EntraEmulator.Model;
using EntraEmulator.Options;
using EntraEmulator.Protocol;
using EntraEmulator.SignIn;
using EntraEmulator.Tokens;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace EntraEmulator.Hosting;

public static class EntraEmulatorServiceExtensions
{
    /// <summary>
    /// Registers the emulated tenant: validated options, signing key, token minting and the grants. Outside Development
    /// only when <see cref="DevelopmentOnly.AcknowledgeSetting"/> says so.
    /// </summary>
    public static IHostApplicationBuilder AddEntraEmulator(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;

        services.AddOptions<EntraEmulatorOptions>()
            .BindConfiguration(EntraEmulatorOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<EntraEmulatorOptions>, EntraEmulatorOptionsValidator>();
        services.AddSingleton<IValidateOptions<EntraEmulatorOptions>, DevelopmentOnly>();
        services.AddSingleton<IPostConfigureOptions<EntraEmulatorOptions>, LoadTestUsers>();
        services.AddSingleton<EmulatorFaults>();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<EmulatorUrls>();
        services.AddSingleton<EmulatorStats>();
        services.AddSingleton<EmulatorMetrics>();
        services.AddSingleton(LoadSigningKey);
        services.AddSingleton<RefreshTokenStore>();
        services.AddSingleton<SignInSessionRevocations>();
        services.AddSingleton<AccountChanges>();
        services.AddSingleton<AuthorizationCodeStore>();
        services.AddSingleton<SignInSessionCodec>();
        services.AddSingleton<AccessTokenLifetimes>();
        services.AddSingleton<TokenMinter>();
        services.AddSingleton<ScopeResolver>();
        services.AddSingleton<ConditionalAccessPolicy>();
        services.AddSingleton<AuthenticationContextPolicy>();
        services.AddSingleton<ClientAssertionValidator>();
        services.AddSingleton<ClientAuthenticator>();
        services.AddSingleton<AuthorizationRequestValidator>();
        services.AddSingleton<SecondFactorChallenges>();
        services.AddSingleton<GraphTokenValidator>();

        // The sign-in form's anti-forgery tokens. Ephemeral keys: a sign-in page left open across a restart must be reloaded.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddAntiforgery();
        services.AddSpaRedirectCors();

        services.AddSingleton<ITokenGrant, PasswordGrant>();
        services.AddSingleton<ITokenGrant, ClientCredentialsGrant>();
        services.AddSingleton<ITokenGrant, RefreshTokenGrant>();
        services.AddSingleton<ITokenGrant, OnBehalfOfGrant>();
        services.AddSingleton<ITokenGrant, AuthorizationCodeGrant>();

        return builder;
    }

    private static SigningKey LoadSigningKey(IServiceProvider services)
    {
        var directory = services.GetRequiredService<IOptions<EntraEmulatorOptions>>().Value.ResolveDataDirectory();
        var key = SigningKey.LoadOrCreate(directory, out var created);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SigningKey).FullName!);
        var path = Path.Combine(directory, SigningKey.FileName);
        if (created)
        {
            logger.SigningKeyCreated(key.KeyId, path);
        }
        else
        {
            logger.SigningKeyLoaded(key.KeyId, path);
        }

        return key;
    }
}
