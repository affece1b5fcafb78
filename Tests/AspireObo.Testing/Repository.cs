namespace AspireObo.Testing;

/// <summary>Files of this repository, found from the test's output directory.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string File(params string[] relativePath) => Path.Combine([Root, .. relativePath]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "AspireObo.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("AspireObo.sln not found above the test's directory.");
    }
}
