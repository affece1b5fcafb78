using System.Security.Cryptography;
using System.Text;

namespace EntraEmulator.Hosting.Emulator;

/// <summary>
/// GUIDs the emulator generates for what the AppHost does not fix (tenant, client ids, object ids): derived from names,
/// so they are the same every run and tokens, caches and bookmarks survive a restart.
/// </summary>
internal static class StableIds
{
    public static string Derive(string seed)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes("EntraEmulator.Hosting:" + seed))[..16];
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50); // RFC 4122 name-based layout
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString("D");
    }
}
