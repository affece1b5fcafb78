namespace AspireObo.AppHost.Dashboard;

/// <summary>
/// The emulator's development users (EntraEmulator/appsettings.json, <c>EntraEmulator:Users</c>): the dashboard's
/// commands offer them by name, so nobody copies object ids or passwords from the README. Development passwords of an
/// emulated tenant, not secrets.
/// </summary>
internal static class DevelopmentUsers
{
    public sealed record User(string Name, string DisplayName, string Password);

    public static readonly IReadOnlyList<User> All =
    [
        new("alice", "Alice Smith", "alice-dev-password"),
        new("bob", "Bob Jones", "bob-dev-password"),
        new("dana", "Dana Lee (MFA required for DownstreamApi)", "dana-dev-password"),
    ];

    public static User? Find(string? name) =>
        All.FirstOrDefault(user => string.Equals(user.Name, name, StringComparison.OrdinalIgnoreCase));

    public static IReadOnlyList<KeyValuePair<string, string>> Choices =>
        [.. All.Select(user => KeyValuePair.Create(user.Name, user.DisplayName))];
}
