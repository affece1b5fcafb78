using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace EntraEmulator.Model;

/// <summary>
/// What an administrator changed about a user at run time (development endpoints, see
/// <c>Endpoints/CriticalEventsEndpoints.cs</c>): the account disabled (Entra: <c>accountEnabled=false</c>; every sign-in
/// and token request for the user then fails with AADSTS50057) and a new password (the configured one stops working).
/// Both are Continuous Access Evaluation critical events. Kept in memory: a restart restores the configured directory.
/// </summary>
public sealed class AccountChanges
{
    private readonly ConcurrentDictionary<string, bool> _disabled = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte[]> _passwordHashes = new(StringComparer.OrdinalIgnoreCase);

    public void Disable(string userObjectId) => _disabled[userObjectId] = true;

    public void Enable(string userObjectId) => _disabled.TryRemove(userObjectId, out _);

    public bool IsDisabled(string userObjectId) => _disabled.ContainsKey(userObjectId);

    /// <summary>Only the hash is kept, so the new password is never held in clear after the request.</summary>
    public void ChangePassword(string userObjectId, string newPassword) => _passwordHashes[userObjectId] = Hash(newPassword);

    /// <summary>The current password: the changed one if there is one, else the configured one (constant-time either way).</summary>
    public bool PasswordMatches(RegisteredUser user, string presented) =>
        _passwordHashes.TryGetValue(user.ObjectId, out var changed)
            ? CryptographicOperations.FixedTimeEquals(Hash(presented), changed)
            : user.PasswordMatches(presented);

    private static byte[] Hash(string password) => SHA256.HashData(Encoding.UTF8.GetBytes(password));
}
