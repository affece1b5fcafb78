using Aspire.Hosting.ApplicationModel;

namespace AspireObo.AppHost.Identity;

/// <summary>
/// The authority both APIs trust and the app registrations they are, in either <see cref="IdentityMode"/>: what
/// <c>WithFrontApiIdentity</c> / <c>WithDownstreamApiIdentity</c> apply to the API resources.
/// </summary>
public sealed class ApiIdentity
{
    private readonly Func<IResourceBuilder<ProjectResource>, IResourceBuilder<ProjectResource>> _frontApi;
    private readonly Func<IResourceBuilder<ProjectResource>, IResourceBuilder<ProjectResource>> _downstreamApi;

    internal ApiIdentity(
        IdentityMode mode,
        IResourceBuilder<ProjectResource>? emulator,
        ReferenceExpression frontApiClientId,
        ReferenceExpression downstreamApiClientId,
        Func<IResourceBuilder<ProjectResource>, IResourceBuilder<ProjectResource>> frontApi,
        Func<IResourceBuilder<ProjectResource>, IResourceBuilder<ProjectResource>> downstreamApi)
    {
        Mode = mode;
        Emulator = emulator;
        FrontApiClientId = frontApiClientId;
        DownstreamApiClientId = downstreamApiClientId;
        _frontApi = frontApi;
        _downstreamApi = downstreamApi;
    }

    public IdentityMode Mode { get; }

    /// <summary>The EntraEmulator resource in <see cref="IdentityMode.EntraEmulator"/> mode; null against a real tenant.</summary>
    public IResourceBuilder<ProjectResource>? Emulator { get; }

    public ReferenceExpression FrontApiClientId { get; }

    public ReferenceExpression DownstreamApiClientId { get; }

    /// <summary>FrontApi's <c>AzureAd</c> section: authority, client id and its credential for the OBO exchange.</summary>
    internal IResourceBuilder<ProjectResource> ApplyToFrontApi(IResourceBuilder<ProjectResource> api) => _frontApi(api);

    /// <summary>DownstreamApi's <c>AzureAd</c> section: authority and client id.</summary>
    internal IResourceBuilder<ProjectResource> ApplyToDownstreamApi(IResourceBuilder<ProjectResource> api) => _downstreamApi(api);
}
