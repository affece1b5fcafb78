using EntraEmulator.Hosting.Emulator;

namespace EntraEmulator.Hosting.Dashboard;

/// <summary>The emulator's declared users as the dashboard's commands offer them: by name, so nobody copies object ids or passwords.</summary>
internal static class DevelopmentUsers
{
    public static EntraEmulatorUser? Find(EntraEmulatorResource emulator, string? name) =>
        emulator.Users.FirstOrDefault(user => string.Equals(user.Name, name, StringComparison.OrdinalIgnoreCase));

    public static IReadOnlyList<KeyValuePair<string, string>> Choices(EntraEmulatorResource emulator) =>
        [.. emulator.Users.Select(user => KeyValuePair.Create(user.Name, user.DisplayName ?? user.Name))];
}
