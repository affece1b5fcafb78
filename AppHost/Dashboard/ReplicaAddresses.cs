using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;

namespace AspireObo.AppHost.Dashboard;

/// <summary>
/// Each replica's own address (its <c>ASPNETCORE_URLS</c>), kept up to date from Aspire's resource notifications, so a
/// command can reach every replica rather than whichever one the shared proxy picks.
/// </summary>
internal sealed class ReplicaAddresses(string resourceName)
{
    private readonly ConcurrentDictionary<string, Uri> _byReplica = new();

    public IReadOnlyCollection<KeyValuePair<string, Uri>> Current => [.. _byReplica];

    public async Task WatchAsync(ResourceNotificationService notifications, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(cancellationToken))
            {
                if (update.Resource.Name != resourceName)
                {
                    continue;
                }

                var running = update.Snapshot.State?.Text == KnownResourceStates.Running;
                var urls = update.Snapshot.EnvironmentVariables.FirstOrDefault(variable => variable.Name == "ASPNETCORE_URLS")?.Value;
                var http = urls?.Split(';').FirstOrDefault(url => url.StartsWith("http://", StringComparison.Ordinal));
                if (running && http is not null)
                {
                    _byReplica[update.ResourceId] = new Uri(http);
                }
                else
                {
                    _byReplica.TryRemove(update.ResourceId, out _);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The AppHost is stopping.
        }
    }
}
