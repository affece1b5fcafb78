using System.Security.Cryptography;
using System.Text;
using EntraEmulator.Hosting.Emulator;

namespace AspireObo.AppHost.Redis;

/// <summary>
/// The local redis-server's users (<c>--aclfile</c>): the default user (the AppHost's health check, an operator) with
/// its password, and one user per service. Passwords are stored as SHA-256 (<c>#hash</c>), never in clear; the file is
/// written owner-only, inside the owner-only data directory.
/// </summary>
internal static class RedisAclFile
{
    public static void Write(string path, string defaultPassword, IReadOnlyDictionary<CacheUser, string> passwords)
    {
        var lines = new StringBuilder();
        lines.Append("user default on #").Append(Hash(defaultPassword)).Append(" ~* &* +@all\n");
        foreach (var (user, password) in passwords)
        {
            lines.Append("user ").Append(user.Name).Append(" on #").Append(Hash(password)).Append(' ').Append(user.Permissions).Append('\n');
        }

        DevelopmentCertificateFiles.WritePrivate(path, Encoding.ASCII.GetBytes(lines.ToString()));
    }

    private static string Hash(string password) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(password)));
}
