using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EntraEmulator.Hosting.Emulator;

/// <summary>
/// What generated development certificates and key files share: their validity, when they are renewed, and private
/// keys written readable by the owner only. The integration's (the emulator's TLS certificate, an application's
/// certificate credential) and, compiled in from this file (AppHost.csproj), the sample AppHost's own (FrontApi's
/// key-encryption certificate, the Redis ACL file).
/// </summary>
internal static class DevelopmentCertificateFiles
{
    public static readonly TimeSpan Validity = TimeSpan.FromDays(365);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(14);

    /// <summary>True when every file exists, <paramref name="load"/> reads them, and the certificate is not close to expiry.</summary>
    public static bool AreUsable(Func<X509Certificate2> load, params string[] paths)
    {
        if (!paths.All(File.Exists))
        {
            return false;
        }

        try
        {
            using var existing = load();
            return existing.NotAfter.ToUniversalTime() - DateTime.UtcNow > RenewBefore;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>Creates the file owner-only from the start (no moment where others could read the key).</summary>
    public static void WritePrivate(string path, ReadOnlySpan<byte> content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        File.Delete(path); // UnixCreateMode only applies to a new file
        using var file = new FileStream(path, options);
        file.Write(content);
    }
}
