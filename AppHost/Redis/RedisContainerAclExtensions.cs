using Aspire.Hosting.ApplicationModel;
using AspireObo.AppHost.Redis;

namespace Aspire.Hosting;

internal static class RedisContainerAclExtensions
{
    /// <summary>
    /// Adds the services' ACL users to Aspire's Redis container. Aspire starts it as
    /// <c>/bin/sh -c "redis-server --requirepass $REDIS_PASSWORD ..."</c>; each user is appended to that command the
    /// same way, its password read from the container's environment (a secret parameter), never written into the
    /// arguments or the manifest.
    /// </summary>
    public static IResourceBuilder<RedisResource> WithAclUsers(
        this IResourceBuilder<RedisResource> redis, IReadOnlyDictionary<CacheUser, IResourceBuilder<ParameterResource>> userPasswords)
    {
        foreach (var (user, password) in userPasswords)
        {
            redis.WithEnvironment(PasswordVariable(user), password);
        }

        return redis.WithArgs(context =>
        {
            var index = context.Args.ToList().FindIndex(argument => argument is string text && text.StartsWith("redis-server ", StringComparison.Ordinal));
            if (index < 0)
            {
                throw new InvalidOperationException("Aspire's Redis container no longer starts with '/bin/sh -c \"redis-server ...\"': the ACL users cannot be added.");
            }

            context.Args[index] = (string)context.Args[index] + string.Concat(userPasswords.Keys.Select(UserOption));
        });
    }

    private static string PasswordVariable(CacheUser user) => $"REDIS_{user.Name.ToUpperInvariant()}_PASSWORD";

    // Single quotes keep the shell off the key patterns (~prefix*) and channels (&name).
    private static string UserOption(CacheUser user) =>
        $" --user {user.Name} on \">${PasswordVariable(user)}\" " + string.Join(' ', user.Permissions.Split(' ').Select(token => $"'{token}'"));
}
