using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using EntraEmulator.Hosting.Dashboard;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AspireObo.AppHost.Dashboard;

/// <summary>
/// Commands on the <c>front</c> resource (FrontApi): empty its token cache so the next request shows a fresh
/// On-Behalf-Of exchange. (The dev user's token with a ready <c>curl</c> comes from the EntraEmulator.Hosting package.)
/// </summary>
internal static class FrontCommands
{
    public const string ClearTokenCache = "clear-token-cache";
    public const string AdminKeyHeader = "X-Dev-Admin-Key"; // FrontApi/TokenCache/TokenCacheClearingEndpoint.cs

    /// <summary>
    /// "Clear token cache": every replica's L1 (memory) and the shared L2 (Redis), through FrontApi's development-only
    /// <c>DELETE /_dev/token-cache</c>, authorised by a key generated for this run and handed only to FrontApi.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithTokenCacheCommand(
        this IResourceBuilder<ProjectResource> front, IResourceBuilder<ParameterResource> adminKey)
    {
        var replicas = new ReplicaAddresses(front.Resource.Name);
        var state = new ScenarioStateProperty(front.Resource);
        front.ApplicationBuilder.Eventing.Subscribe<BeforeStartEvent>((BeforeStartEvent started, CancellationToken cancellationToken) =>
        {
            var stopping = started.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            _ = replicas.WatchAsync(started.Services.GetRequiredService<ResourceNotificationService>(), stopping);
            return Task.CompletedTask;
        });

        front.WithEnvironment("DevelopmentAdmin__Key", adminKey);
        return front.WithCommand(ClearTokenCache, "Clear token cache", async context =>
        {
            var key = await adminKey.Resource.GetValueAsync(context.CancellationToken);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var removed = 0;
            foreach (var (replica, address) in replicas.Current)
            {
                using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(address, "/_dev/token-cache"));
                request.Headers.Add(AdminKeyHeader, key);
                using var response = await http.SendAsync(request, context.CancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    return CommandResults.Failure($"{replica} answered {(int)response.StatusCode}.");
                }

                removed += (await response.Content.ReadFromJsonAsync<ClearedCache>(context.CancellationToken))?.RemovedEntries ?? 0;
            }

            await state.ShowAsync(context.Services.GetRequiredService<ResourceNotificationService>(),
                $"token cache cleared at {DateTimeOffset.Now:HH:mm:ss} ({removed} entries): the next request exchanges afresh");
            return CommandResults.Success($"Removed {removed} token cache entries from {replicas.Current.Count} replica(s), memory and Redis.");
        }, new CommandOptions
        {
            Description = "Empties FrontApi's token cache, both levels (memory on every replica, Redis), so the next request shows a fresh On-Behalf-Of exchange in its trace.",
            ConfirmationMessage = "Clear FrontApi's token cache (memory and Redis)? The next request of every user goes to the token endpoint again.",
            IconName = "DeleteDismiss",
            IconVariant = IconVariant.Regular,
            UpdateState = RunningOnly,
        });
    }

    /// <summary>FrontApi must be up to take the command.</summary>
    private static ResourceCommandState RunningOnly(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.State?.Text == KnownResourceStates.Running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled;

    private sealed record ClearedCache(int RemovedEntries);
}
