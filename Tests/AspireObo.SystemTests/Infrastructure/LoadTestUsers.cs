using System.Globalization;

namespace AspireObo.SystemTests.Infrastructure;

/// <summary>The numbered users the emulator adds with <c>EntraEmulator:LoadTestUsers=N</c> (EntraEmulator/Options/LoadTestUsers.cs).</summary>
public static class LoadTestUsers
{
    public static string AppHostArgument(int count) => $"--EntraEmulator:LoadTestUsers={count}";

    public static DevUser User(int number)
    {
        var name = "user" + number.ToString("000", CultureInfo.InvariantCulture);
        return new DevUser($"{name}@aspireobo.dev", $"{name}-dev-password");
    }
}
