using FrontApi.OnBehalfOf;
using Microsoft.Extensions.Options;

namespace FrontApi.Downstream;

public static class DownstreamApiClientExtensions
{
    /// <summary>
    /// The typed client for DownstreamApi (<c>DownstreamApis:TodoApi</c>) and the On-Behalf-Of token provider it calls
    /// with (their failures become problem details in FrontApi/Failures). Service discovery comes from ServiceDefaults,
    /// resilience from <see cref="DownstreamApiResilienceExtensions"/>.
    /// </summary>
    public static IHostApplicationBuilder AddDownstreamApiClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DownstreamApiOptions>()
            .BindConfiguration(DownstreamApiOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddOnBehalfOfTokenProvider(DownstreamApiOptions.ApiName,
            services => services.GetRequiredService<IOptions<DownstreamApiOptions>>().Value.ReadScopes[0]);
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
