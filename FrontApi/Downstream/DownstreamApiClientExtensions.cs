using FrontApi.OnBehalfOf;
using Microsoft.Extensions.Options;
using ServiceDefaults.Readiness;

namespace FrontApi.Downstream;

public static class DownstreamApiClientExtensions
{
    /// <summary>
    /// The typed client for DownstreamApi (<c>DownstreamApis:DownstreamApi</c>), called with Identity.Web's authorization headers
    /// (its failures become problem details in FrontApi/Failures). Service discovery comes from ServiceDefaults,
    /// resilience from <see cref="DownstreamApiResilienceExtensions"/>.
    /// </summary>
    public static IHostApplicationBuilder AddDownstreamApiClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DownstreamApiOptions>()
            .BindConfiguration(DownstreamApiOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Ready once a token can be had for DownstreamApi's resource (an app token: it also proves FrontApi's credential).
        builder.Services.AddReadinessStep(services => new TokenAcquisitionReadiness(services.GetRequiredService<IServiceScopeFactory>(),
            TokenAcquisitionReadiness.DefaultScopeOf(services.GetRequiredService<IOptions<DownstreamApiOptions>>().Value.ReadScopes[0])));
        builder.Services.AddHttpClient<DownstreamApiClient>((services, http) =>
        {
            var options = services.GetRequiredService<IOptions<DownstreamApiOptions>>().Value;
            http.BaseAddress = new Uri(options.BaseUrl!.TrimEnd('/') + "/");
            http.Timeout = options.Timeout;
        })
        // IHttpClientFactory's request logging writes its start/end records at Information, below this category's
        // configured level, but opened a log scope on every request anyway (~5 % of FrontApi's allocations under load,
        // docs/benchmarks.md). DownstreamApiClient logs the failures that matter; the HttpClient spans show every call.
        .RemoveAllLoggers()
        .AddDownstreamApiResilience();

        return builder;
    }
}
