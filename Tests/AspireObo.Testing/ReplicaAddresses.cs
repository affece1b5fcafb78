using Aspire.Hosting;

namespace AspireObo.Testing;

/// <summary>Where each replica of a project listens, read from the replicas' own snapshots (<c>ASPNETCORE_URLS</c>).</summary>
internal static class ReplicaAddresses
{
    /// <summary>The first address of each of <paramref name="replicas"/> replicas, ordered by replica id.</summary>
    public static async Task<IReadOnlyList<Uri>> FindAsync(DistributedApplication app, string resource, int replicas, CancellationToken cancellationToken)
    {
        var addresses = new SortedDictionary<string, Uri>(StringComparer.Ordinal);
        await foreach (var update in app.ResourceNotifications.WatchAsync(cancellationToken))
        {
            if (update.Resource.Name == resource
                && update.Snapshot.EnvironmentVariables.FirstOrDefault(variable => variable.Name == "ASPNETCORE_URLS")?.Value is { Length: > 0 } urls)
            {
                addresses[update.ResourceId] = new Uri(urls.Split(';')[0]);
            }

            if (addresses.Count == replicas)
            {
                break;
            }
        }

        return addresses.Values.ToList();
    }
}
