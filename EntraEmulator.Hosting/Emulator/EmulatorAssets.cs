namespace EntraEmulator.Hosting.Emulator;

/// <summary>
/// Where the emulator's files are: <c>entra-emulator/</c> beside this assembly, put there by the package's build
/// targets (or, in the repository, by the integration project's own build).
/// </summary>
internal static class EmulatorAssets
{
    public const string FolderName = "entra-emulator";
    public const string EntryAssembly = "EntraEmulator.dll";

    public static string Directory { get; } = Path.Combine(
        Path.GetDirectoryName(typeof(EmulatorAssets).Assembly.Location) is { Length: > 0 } here ? here : AppContext.BaseDirectory, FolderName);

    public static string EntryAssemblyPath => Path.Combine(Directory, EntryAssembly);

    public static void EnsurePresent()
    {
        if (!File.Exists(EntryAssemblyPath))
        {
            throw new InvalidOperationException(
                $"The EntraEmulator is not at '{EntryAssemblyPath}'. The EntraEmulator.Hosting package copies it there when the " +
                "AppHost builds; rebuild the AppHost (and check that the package's build targets are not excluded).");
        }
    }
}
