using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.IdentityModel.Validators;
using ServiceDefaults.Readiness;

namespace ServiceDefaults.Identity;

/// <summary>
/// Before the API reports healthy: the authority's OpenID metadata and signing keys are in JwtBearer's configuration
/// manager, and in the issuer validator's own, so the first token validated needs no download.
/// </summary>
public sealed class AuthorityMetadataReadiness(IOptionsMonitor<JwtBearerOptions> jwtBearer) : IReadinessStep
{
    public string Name => "authority metadata and signing keys";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var options = jwtBearer.Get(JwtBearerDefaults.AuthenticationScheme);
        var metadata = await (options.ConfigurationManager
            ?? throw new InvalidOperationException("JwtBearer has no configuration manager.")).GetConfigurationAsync(cancellationToken);
        if (metadata.SigningKeys.Count == 0)
        {
            throw new InvalidOperationException("The authority's metadata lists no signing keys.");
        }

        if (options.TokenValidationParameters.IssuerValidator?.Target is AadIssuerValidator issuerValidator)
        {
            // Identity.Web's issuer validator keeps its own copy of the metadata and, when it has none, downloads it
            // while blocking its caller (sync over async; public in Microsoft.IdentityModel.Validators 8.23 only as
            // the synchronous Validate). The cold burst of issue 12 was request threads blocked right there. Load it
            // now, by validating the authority's own issuer, on a dedicated thread rather than the thread pool's.
            var probe = new JsonWebToken(new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = metadata.Issuer,
                Claims = new Dictionary<string, object> { ["tid"] = TenantIdOf(metadata.Issuer) },
            }));
            await Task.Factory.StartNew(
                () => issuerValidator.Validate(metadata.Issuer, probe, options.TokenValidationParameters),
                cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    /// <summary>The tenant id in an Entra issuer (<c>https://login.microsoftonline.com/{tid}/v2.0</c>).</summary>
    private static string TenantIdOf(string issuer) =>
        new Uri(issuer).Segments.Select(segment => segment.Trim('/')).FirstOrDefault(segment => Guid.TryParse(segment, out _))
        ?? throw new InvalidOperationException("The authority's issuer names no tenant id.");
}
