using Microsoft.AspNetCore.Authorization;
using Microsoft.Identity.Web;
using ServiceDefaults.Identity;

namespace DownstreamApi.Authorization;

public static class AuthorizationPolicies
{
    public const string ReadTodos = nameof(ReadTodos);
    public const string WriteTodos = nameof(WriteTodos);
}

public static class AuthorizationExtensions
{
    private const string ReadScope = "Todo.Read";
    private const string ReadWriteScope = "Todo.ReadWrite";

    /// <summary>
    /// JWT validation from the <c>AzureAd</c> section (shared with FrontApi through ServiceDefaults), and the policies
    /// of this API: delegated scopes only (an app-only token has no <c>scp</c> and is refused), from an allowed client.
    /// </summary>
    public static IHostApplicationBuilder AddTodoAuthorization(this IHostApplicationBuilder builder)
    {
        builder.AddProtectedWebApi();

        builder.Services.AddOptions<AllowedClientApplicationsOptions>()
            .Configure(options => options.ClientIds =
                builder.Configuration.GetSection(AllowedClientApplicationsOptions.SectionName).Get<string[]>() ?? [])
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddOptions<AuthenticationContextOptions>()
            .BindConfiguration(AuthenticationContextOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddRequiredScopeAuthorization();
        builder.Services.AddSingleton<IAuthorizationHandler, AllowedClientApplicationHandler>();

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AuthorizationPolicies.ReadTodos, policy => policy.RequireDelegatedCaller(ReadScope, ReadWriteScope))
            .AddPolicy(AuthorizationPolicies.WriteTodos, policy => policy.RequireDelegatedCaller(ReadWriteScope));

        return builder;
    }

    private static AuthorizationPolicyBuilder RequireDelegatedCaller(this AuthorizationPolicyBuilder policy, params string[] scopes) =>
        policy
            .RequireAuthenticatedUser()
            .RequireScope(scopes)
            .AddRequirements(new AllowedClientApplicationRequirement())
            .RequireNamedUser(); // todos are keyed by (tid, oid): a token without them has no owner
}
