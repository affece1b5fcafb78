using Aspire.Hosting.ApplicationModel;

namespace AspireObo.AppHost.Redis;

/// <summary>
/// The Redis the services share, as the services see it: the server the AppHost runs (none when it is external), and
/// one connection string per service, each with that service's own ACL user (<c>{cache}-{user}</c>).
/// </summary>
public sealed class Cache(
    IResourceBuilder<IResourceWithConnectionString>? server,
    IReadOnlyDictionary<CacheUser, IResourceBuilder<IResourceWithConnectionString>> connections)
{
    /// <summary>The server, whose own connection string is the default (administrative) user's; null when external.</summary>
    public IResourceBuilder<IResourceWithConnectionString>? Server { get; } = server;

    public IResourceBuilder<IResourceWithConnectionString> ConnectionFor(CacheUser user) =>
        connections.TryGetValue(user, out var connection)
            ? connection
            : throw new ArgumentOutOfRangeException(nameof(user), user.Name, "The cache has no user of that name.");
}
