using DownstreamApi.Authorization;
using DownstreamApi.Storage;

namespace DownstreamApi.Apis;

/// <summary>DownstreamApi's one feature, the caller's todos: what its endpoints need, then the endpoints.</summary>
public static class TodoApiExtensions
{
    public static IHostApplicationBuilder AddTodoApi(this IHostApplicationBuilder builder)
    {
        builder.AddTodoAuthorization(); // the caller's token (AzureAd), its scopes and its client application (Authorization/)
        builder.AddTodoStore(); // Redis (Storage/)
        builder.Services.AddValidation(); // here, not in ServiceDefaults: its source generator finds this project's request types
        return builder;
    }

    /// <summary><c>/me</c> and <c>/todos</c>, each for the caller alone.</summary>
    public static IEndpointRouteBuilder MapTodoApi(this IEndpointRouteBuilder app) =>
        app.MapMeApi().MapTodosApi();
}
