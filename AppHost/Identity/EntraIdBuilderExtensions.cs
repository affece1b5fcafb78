using Aspire.Hosting.ApplicationModel;
using AspireObo.AppHost.Identity;

namespace Aspire.Hosting;

/// <summary>A Microsoft Entra ID tenant as the authority: identifiers and FrontApi's credential are AppHost parameters.</summary>
public static class EntraIdBuilderExtensions
{
    /// <summary>The public cloud's authority host; <c>EntraId:Instance</c> overrides it (national clouds).</summary>
    public const string DefaultInstance = "https://login.microsoftonline.com/";

    /// <summary>
    /// Declares the tenant and app-registration parameters (prompted by azd, or read from user secrets) and the
    /// parameters of FrontApi's credential (<c>Front:Credential</c>). Nothing of the emulator is added.
    /// </summary>
    public static ApiIdentity AddEntraIdTenant(this IDistributedApplicationBuilder builder)
    {
        var instance = builder.Configuration["EntraId:Instance"] is { Length: > 0 } configured ? configured : DefaultInstance;
        var tenantId = builder.AddParameter(EntraIdParameters.TenantId);
        var frontApiClientId = builder.AddParameter(EntraIdParameters.FrontApiClientId);
        var downstreamApiClientId = builder.AddParameter(EntraIdParameters.DownstreamApiClientId);
        var credential = builder.AddFrontApiCredential(FrontApiCredentialSetting.Read(builder.Configuration, IdentityMode.EntraId));

        return new ApiIdentity(
            IdentityMode.EntraId,
            emulator: null,
            ReferenceExpression.Create($"{frontApiClientId.Resource}"),
            ReferenceExpression.Create($"{downstreamApiClientId.Resource}"),
            frontApi: api => credential(api.WithEntraIdAuthority(instance, tenantId, frontApiClientId)),
            downstreamApi: api => api.WithEntraIdAuthority(instance, tenantId, downstreamApiClientId));
    }

    private static IResourceBuilder<ProjectResource> WithEntraIdAuthority(this IResourceBuilder<ProjectResource> api,
        string instance, IResourceBuilder<ParameterResource> tenantId, IResourceBuilder<ParameterResource> clientId) =>
        api.WithEnvironment("AzureAd__Instance", instance)
            .WithEnvironment("AzureAd__TenantId", tenantId)
            .WithEnvironment("AzureAd__ClientId", clientId);
}
