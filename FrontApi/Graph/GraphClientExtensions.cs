using Microsoft.Identity.Abstractions;
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
    /// certificate trust), authenticated with On-Behalf-Of tokens for Graph from Identity.Web (<see cref="GraphAccessTokenProvider"/>,
    /// the same seam as DownstreamApi's, traced as <c>acquire token MicrosoftGraph</c>).
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

        builder.Services.AddScoped(services =>
        {
            var options = services.GetRequiredService<IOptions<GraphOptions>>().Value;
            var baseUrl = new Uri(options.BaseUrl!.TrimEnd('/'));
            var tokens = new GraphAccessTokenProvider(services.GetRequiredService<IAuthorizationHeaderProvider>(), options.Scopes, baseUrl);
            var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
            return new GraphServiceClient(http, new BaseBearerTokenAuthenticationProvider(tokens), baseUrl.ToString());
        });
        builder.Services.AddScoped<GraphProfileClient>();

        return builder;
    }
}
