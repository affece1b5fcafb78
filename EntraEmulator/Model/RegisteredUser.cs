using System.Security.Cryptography;
using System.Text;
using EntraEmulator.Options;

namespace EntraEmulator.Model;

public sealed class RegisteredUser(string name, UserOptions options)
{
    public string Name { get; } = name;
    public string ObjectId { get; } = Guid.Parse(options.ObjectId).ToString("D");
    /// <summary>Null when not configured: tokens then carry no <c>name</c> claim (Entra omits claims it has no value for).</summary>
    public string? DisplayName { get; } = string.IsNullOrWhiteSpace(options.DisplayName) ? null : options.DisplayName;
    public string UserPrincipalName { get; } = options.UserPrincipalName;
    public string? Password { get; } = string.IsNullOrEmpty(options.Password) ? null : options.Password;

    /// <summary>Constant-time check (hashes first, so lengths leak nothing); a user without a password never matches.</summary>
    public bool PasswordMatches(string presented) =>
        Password is not null
        && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(Password)));

    /// <summary>Application names this user needs multi-factor authentication for (Conditional Access).</summary>
    public IReadOnlyList<string> MfaRequiredFor { get; } = options.MfaRequiredFor;
}
