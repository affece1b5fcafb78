using Microsoft.Identity.Web;
using ServiceDefaults.Readiness;

namespace FrontApi.OnBehalfOf;

/// <summary>
/// Before FrontApi reports healthy, MSAL has done what its first On-Behalf-Of exchange would otherwise do on a request
/// thread: build FrontApi's confidential client (load its credential), resolve the authority (instance discovery,
/// tenant metadata), open the TLS connection to the token endpoint and run through its token request code once. It
/// does so with one app-only token request for <paramref name="resourceDefaultScope"/> (<c>{resource}/.default</c>)
/// per replica start, which also proves the credential: a wrong one keeps the replica unhealthy, saying so.
/// </summary>
public sealed class TokenAcquisitionReadiness(IServiceScopeFactory scopes, string resourceDefaultScope) : IReadinessStep
{
    public string Name => "token acquisition (MSAL client, authority, token endpoint)";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var tokenAcquisition = scope.ServiceProvider.GetRequiredService<ITokenAcquisition>();
        await tokenAcquisition.GetAccessTokenForAppAsync(resourceDefaultScope,
            tokenAcquisitionOptions: new TokenAcquisitionOptions { CancellationToken = cancellationToken });
    }

    /// <summary><c>api://x/Todo.Read</c> → <c>api://x/.default</c>.</summary>
    public static string DefaultScopeOf(string scope) => scope[..(scope.LastIndexOf('/') + 1)] + ".default";
}
