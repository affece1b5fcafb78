using EntraEmulator.ConditionalAccess;
using EntraEmulator.Diagnostics;
using EntraEmulator.Faults;
using EntraEmulator.Grants;
using EntraEmulator.Hosting;
using EntraEmulator.Model;
using EntraEmulator.Protocol;

namespace EntraEmulator.Endpoints;

/// <summary><c>POST /{tenant}/oauth2/v2.0/token</c>: checks tenant, form and client, then hands over to the grant.</summary>
public static class TokenEndpoint
{
    private const string Route = "/{tenant}/oauth2/v2.0/token";

    public static IEndpointRouteBuilder MapTokenEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Route, IssueTokenAsync).DisableAntiforgery().RequireCors(SpaRedirectCors.PolicyName)
            .AddEndpointFilter<CountTokenRequestsFilter>()
            .AddEndpointFilter<FaultInjectionFilter>();
        endpoints.MapMethods(Route, ["GET", "PUT", "PATCH", "DELETE"], (HttpContext context) =>
            new EntraErrorResult(EntraError.PostRequired(context.Request.Method)));
        return endpoints;
    }

    private static async Task<IResult> IssueTokenAsync(string tenant, HttpContext context, [AsParameters] TokenEndpointServices services)
    {
        var form = await ReadFormAsync(context);
        string? grantType = form?["grant_type"].ToString() is { Length: > 0 } value ? value.Trim() : null;
        var grant = services.Grants.FirstOrDefault(g => g.GrantType == grantType);
        // For logs only, and never as sent (a client using Basic authentication has no client_id in the form).
        var clientId = LogValues.ClientId(form?["client_id"].ToString());
        var loggedGrantType = grant?.GrantType ?? (grantType is null ? null : "(unsupported)");

        var outcome = await IssueAsync(tenant, grantType, form, context, services);
        if (outcome.Error is { } error)
        {
            services.Stats.Failed(error.Error, error.Code);
            services.Metrics.Failed(grant?.Name, error.Error, error.Code);
            services.Logger.TokenRequestFailed(loggedGrantType, clientId, error.Error, error.Code);
            return new EntraErrorResult(error);
        }

        var issuedBy = grant!; // IssueAsync succeeds only for a known grant
        services.Stats.TokenIssued(issuedBy.Name);
        services.Metrics.TokenIssued(issuedBy.Name);
        services.Logger.TokenIssued(issuedBy.Name, clientId, outcome.ResourceClientId ?? "", outcome.UserObjectId);

        TokenResponseHeaders.Apply(context.Response);
        return TypedResults.Json(outcome.Response);
    }

    private static async Task<GrantOutcome> IssueAsync(
        string tenant, string? grantType, IFormCollection? form, HttpContext context, TokenEndpointServices services)
    {
        if (!services.Directory.IsThisTenant(tenant))
        {
            return EntraError.TenantNotFound(tenant);
        }

        // A body that is not a form (or not parseable) has no grant_type, which is how Entra reports it too.
        if (form is null || grantType is null)
        {
            return EntraError.MissingParameter("grant_type");
        }

        var grant = services.Grants.FirstOrDefault(g => g.GrantType == grantType);
        if (grant is null)
        {
            return EntraError.UnsupportedGrantType(grantType);
        }

        var client = await services.Authenticator.AuthenticateAsync(context.Request, form, grant.RequiresConfidentialClient);
        if (client.Error is { } clientError)
        {
            return clientError;
        }

        // Every grant reads the claims parameter (MSAL sends the client capabilities on each request, OBO included).
        var claims = SignInClaimsRequest.Parse(form["claims"].ToString() is { Length: > 0 } sent && !string.IsNullOrWhiteSpace(sent) ? sent : null);
        if (claims.Error is { } claimsError)
        {
            return claimsError;
        }

        var origin = context.Request.Headers.Origin.ToString() is { Length: > 0 } value ? value : null;
        var request = new TokenRequest(form, client.Value!.Application, client.Value.Method, services.Urls.Issuer(context.Request), origin, claims.Value);
        return await grant.IssueAsync(request, context.RequestAborted);
    }

    private static async Task<IFormCollection?> ReadFormAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return null;
        }

        try
        {
            return await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or BadHttpRequestException)
        {
            return null;
        }
    }

    internal readonly record struct TokenEndpointServices(
        TenantDirectory Directory,
        ClientAuthenticator Authenticator,
        IEnumerable<ITokenGrant> Grants,
        EmulatorUrls Urls,
        EmulatorStats Stats,
        EmulatorMetrics Metrics,
        ILoggerFactory LoggerFactory)
    {
        public ILogger Logger => LoggerFactory.CreateLogger(typeof(TokenEndpoint).FullName!);
    }
}
