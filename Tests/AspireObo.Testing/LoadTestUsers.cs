using System.Globalization;

namespace AspireObo.Testing;

/// <summary>
/// The numbered users the emulator adds itself with <c>EntraEmulator:LoadTestUsers=N</c> (up to 999):
/// <c>user001@aspireobo.dev</c> / <c>user001-dev-password</c>, … (the emulator's LoadTestUsers options).
/// </summary>
public static class LoadTestUsers
{
    public static string AppHostArgument(int count) => $"--EntraEmulator:LoadTestUsers={count}";

    public static DevUser User(int number)
    {
        var name = "user" + number.ToString("000", CultureInfo.InvariantCulture);
        return new DevUser($"{name}@aspireobo.dev", $"{name}-dev-password");
    }

    /// <summary>Users 1…<paramref name="count"/>, as the emulator adds them with <see cref="AppHostArgument"/>.</summary>
    public static IReadOnlyList<DevUser> Users(int count) => Enumerable.Range(1, count).Select(User).ToList();
}
