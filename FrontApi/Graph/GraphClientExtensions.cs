using FrontApi.OnBehalfOf;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;

namespace FrontApi.Graph;

public static class GraphClientExtensions
{
    private const string HttpClientName = GraphOptions.ApiName;

    /// <summary>
    /// Microsoft Graph as FrontApi's second downstream API: a <see cref="GraphServiceClient"/> per request on an
    /// <c>IHttpClientFactory</c> client (ServiceDefaults' resilience, tracing and, in emulator mode, the emulator's
    /// certificate trust), authenticated with On-Behalf-Of tokens for Graph (<see cref="GraphAccessTokenProvider"/> on
    /// the same header cache and single flights as DownstreamApi's, traced as <c>acquire token MicrosoftGraph</c>).
    /// Configuration alone decides whether it is the real Graph.
    /// </summary>
    public static IHostApplicationBuilder AddGraphClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GraphOptions>()
            .BindConfiguration(GraphOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddHttpClient(HttpClientName, (services, http) =>
            http.Timeout = services.GetRequiredService<IOptions<GraphOptions>>().Value.Timeout);

        builder.Services.AddKeyedOnBehalfOfTokenProvider(GraphOptions.ApiName);

        builder.Services.AddScoped(services =>
        {
            var options = services.GetRequiredService<IOptions<GraphOptions>>().Value;
            var baseUrl = new Uri(options.BaseUrl!.TrimEnd('/'));
            var tokens = new GraphAccessTokenProvider(
                services.GetRequiredKeyedService<IDownstreamTokenProvider>(GraphOptions.ApiName), options.Scopes, baseUrl);
            var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
            return new GraphServiceClient(http, new BaseBearerTokenAuthenticationProvider(tokens), baseUrl.ToString());
        });
        builder.Services.AddScoped<GraphProfileClient>();

        return builder;
    }
}
