using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;

namespace AspireObo.AppHost.Dashboard;

/// <summary>
/// Each running replica's own address (the first <c>http://</c> URL of its <c>ASPNETCORE_URLS</c>), read from Aspire's
/// resource notifications, so that a caller reaches every replica rather than whichever one the shared proxy picks:
/// the dashboard's commands (kept up to date while the AppHost runs) and the test harness (once, at start).
/// </summary>
public sealed class ReplicaAddresses(string resourceName)
{
    private readonly ConcurrentDictionary<string, Uri> _byReplica = new();

    /// <summary>The replicas running now, by replica id.</summary>
    public IReadOnlyCollection<KeyValuePair<string, Uri>> Current => [.. _byReplica];

    /// <summary>Keeps <see cref="Current"/> up to date until <paramref name="cancellationToken"/> (the AppHost stopping).</summary>
    public async Task WatchAsync(ResourceNotificationService notifications, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(cancellationToken))
            {
                Apply(update);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The AppHost is stopping.
        }
    }

    /// <summary>The addresses of <paramref name="replicas"/> running replicas of <paramref name="resourceName"/>, ordered by replica id.</summary>
    public static async Task<IReadOnlyList<Uri>> FindAsync(
        ResourceNotificationService notifications, string resourceName, int replicas, CancellationToken cancellationToken)
    {
        var addresses = new ReplicaAddresses(resourceName);
        await foreach (var update in notifications.WatchAsync(cancellationToken))
        {
            if (addresses.Apply(update) && addresses._byReplica.Count == replicas)
            {
                break;
            }
        }

        return [.. addresses._byReplica.OrderBy(replica => replica.Key, StringComparer.Ordinal).Select(replica => replica.Value)];
    }

    /// <returns>Whether the update was about one of this resource's replicas.</returns>
    private bool Apply(ResourceEvent update)
    {
        if (update.Resource.Name != resourceName)
        {
            return false;
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

        return true;
    }
}
