using FrontApi.Infrastructure;
using Microsoft.Extensions.Options;

namespace FrontApi.Extensions;

public static class TodoApiExtensions
{
    /// <summary>
    /// The typed client for DownstreamApi (<c>DownstreamApis:TodoApi</c>) and the mapping of its failures, and of
    /// the OBO exchange's, to problem details. Service discovery and resilience come from ServiceDefaults.
    /// </summary>
    public static IHostApplicationBuilder AddTodoApiClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TodoApiOptions>()
            .BindConfiguration(TodoApiOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton<TokenAcquisitionTelemetry>();
        builder.Services.AddResilientDownstreamTokenProvider(services =>
            ActivatorUtilities.CreateInstance<OnBehalfOfTokenProvider>(services, TodoApiOptions.ApiName));
        builder.Services.AddHttpClient<TodoApiClient>((services, http) =>
        {
            var options = services.GetRequiredService<IOptions<TodoApiOptions>>().Value;
            http.BaseAddress = new Uri(options.BaseUrl!.TrimEnd('/') + "/");
            http.Timeout = options.Timeout;
        }).AddTodoApiResilience();

        builder.Services.AddSingleton<UserChallenge>();
        builder.Services.AddExceptionHandler<DownstreamErrors>();

        return builder;
    }
}
