using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.Identity.Abstractions;

namespace FrontApi.Tests.Infrastructure;

/// <summary>
/// Stands in for Identity.Web's own <see cref="IAuthorizationHeaderProvider"/> (inside FrontApi's hardening decorator), so
/// FrontApi's logic around it — single flight, back-off, bounded wait, error mapping — runs as in production. Each
/// acquisition runs <see cref="Acquire"/>, which a test scripts. Its headers carry no expiry, so the header memo never
/// keeps them: every call of FrontApi reaches this provider, as a test that counts calls expects.
/// </summary>
public sealed class ScriptedTokenProvider : IAuthorizationHeaderProvider, IAuthorizationHeaderProvider2
{
    private int _calls;
    private int _forcedRefreshes;

    /// <summary>Token acquisitions that reached the identity platform's stand-in.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Acquisitions that asked to skip the cache.</summary>
    public int ForcedRefreshes => Volatile.Read(ref _forcedRefreshes);

    /// <summary>The claims of every acquisition that asked for some (a resource's claims challenge), in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> ClaimsRequested { get; } = new();

    public Func<string[], CancellationToken, Task<AuthenticationHeaderValue>> Acquire { get; set; } =
        (_, _) => Task.FromResult(new AuthenticationHeaderValue("Bearer", "downstream-token"));

    public async Task<string> CreateAuthorizationHeaderForUserAsync(
        IEnumerable<string> scopes, AuthorizationHeaderProviderOptions? options = null, ClaimsPrincipal? claimsPrincipal = null, CancellationToken cancellationToken = default) =>
        (await AcquireAsync(scopes, options, cancellationToken)).ToString();

    public async Task<OperationResult<AuthorizationHeaderInformation, AuthorizationHeaderError>> CreateAuthorizationHeaderInformationForUserAsync(
        IEnumerable<string> scopes, AuthorizationHeaderProviderOptions? options = null, ClaimsPrincipal? claimsPrincipal = null, CancellationToken cancellationToken = default) =>
        new(new AuthorizationHeaderInformation
        {
            AuthorizationHeaderValue = (await AcquireAsync(scopes, options, cancellationToken)).ToString(),
            Metadata = new TokenAcquisitionMetadata { TokenSource = AcquiredTokenSource.IdentityProvider },
        });

    public Task<string> CreateAuthorizationHeaderForAppAsync(string scopes, AuthorizationHeaderProviderOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult("Bearer app-token");

    public Task<string> CreateAuthorizationHeaderAsync(
        IEnumerable<string> scopes, AuthorizationHeaderProviderOptions? options = null, ClaimsPrincipal? claimsPrincipal = null, CancellationToken cancellationToken = default) =>
        CreateAuthorizationHeaderForUserAsync(scopes, options, claimsPrincipal, cancellationToken);

    public Task<OperationResult<AuthorizationHeaderInformation, AuthorizationHeaderError>> CreateAuthorizationHeaderInformationForAppAsync(
        string scopes, AuthorizationHeaderProviderOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new OperationResult<AuthorizationHeaderInformation, AuthorizationHeaderError>(new AuthorizationHeaderInformation { AuthorizationHeaderValue = "Bearer app-token" }));

    public Task<OperationResult<AuthorizationHeaderInformation, AuthorizationHeaderError>> CreateAuthorizationHeaderInformationAsync(
        IEnumerable<string> scopes, AuthorizationHeaderProviderOptions? options = null, ClaimsPrincipal? claimsPrincipal = null, CancellationToken cancellationToken = default) =>
        CreateAuthorizationHeaderInformationForUserAsync(scopes, options, claimsPrincipal, cancellationToken);

    private Task<AuthenticationHeaderValue> AcquireAsync(IEnumerable<string> scopes, AuthorizationHeaderProviderOptions? options, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (options?.AcquireTokenOptions?.ForceRefresh == true)
        {
            Interlocked.Increment(ref _forcedRefreshes);
        }

        if (options?.AcquireTokenOptions?.Claims is { Length: > 0 } claims)
        {
            ClaimsRequested.Enqueue(claims);
        }

        return Acquire([.. scopes], cancellationToken);
    }
}
