namespace AspireObo.AppHost.Redis;

/// <summary>
/// A Redis ACL user: one per service, allowed only the keys of its own data. Each service gets a connection string
/// with its own user and password, so a service (or whoever holds its credentials) cannot read another's keys.
/// </summary>
public sealed record CacheUser(string Name, string KeyPattern)
{
    /// <summary>FrontApi: its token cache (<c>AspireObo:FrontApi:TokenCache:*</c>) and Data Protection key ring.</summary>
    public static CacheUser Front { get; } = new("front", "AspireObo:FrontApi:*");

    /// <summary>DownstreamApi: its todos (<c>todos:{tenant}:{oid}</c>).</summary>
    public static CacheUser Downstream { get; } = new("downstream", "todos:*");

    public static IReadOnlyList<CacheUser> All { get; } = [Front, Downstream];

    /// <summary>
    /// The ACL rule after the user's password: its keys only; every command except the dangerous ones (KEYS,
    /// FLUSHALL, CONFIG, DEBUG, MONITOR...) and those that list or pick keys regardless of the key pattern (SCAN,
    /// RANDOMKEY); no pub/sub channel but the one StackExchange.Redis listens on (which carries no data).
    /// </summary>
    public string Permissions => $"resetchannels &__Booksleeve_MasterChanged ~{KeyPattern} +@all -@dangerous -scan -randomkey";
}
