namespace AspireObo.AppHost;

/// <summary>Where local state (keys, certificates, Redis data) lives: outside the repository, per user.</summary>
internal static class AppHostPaths
{
    public static string DataRoot { get; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
        "AspireObo");
}
