using System.Text.Json;
using EntraEmulator.Protocol;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.IdentityModel.Tokens;

namespace EntraEmulator.Tokens;

/// <summary>
/// How the user signed in (methods, satisfied authentication contexts), sealed into the token's <c>aio</c> claim. Entra's
/// v2.0 access tokens carry no <c>amr</c>; its <c>aio</c> is an opaque, encrypted record that only Entra reads back, and
/// Conditional Access in an On-Behalf-Of exchange is decided from that sign-in, never from claims a client could show.
/// Sealed with ASP.NET Core Data Protection (ephemeral keys): after an emulator restart the record no longer opens and
/// the sign-in counts as password-only, as a revoked session would.
/// </summary>
public sealed class SignInSessionCodec(IDataProtectionProvider dataProtection)
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("EntraEmulator.SignInSession.v1");

    public string Seal(UserIdentity user) =>
        Base64UrlEncoder.Encode(_protector.Protect(JsonSerializer.SerializeToUtf8Bytes(
            new Record(user.AuthenticationMethods ?? [], user.AuthenticationContexts ?? []))));

    /// <summary>The sign-in sealed in <paramref name="aio"/>, or a password-only sign-in when it cannot be opened.</summary>
    public (IReadOnlyList<string> Methods, IReadOnlyList<string> Contexts) Open(string? aio)
    {
        if (aio is not null)
        {
            try
            {
                var record = JsonSerializer.Deserialize<Record>(_protector.Unprotect(Base64UrlEncoder.DecodeBytes(aio)));
                if (record is not null)
                {
                    return (record.Amr, record.Acrs);
                }
            }
            catch (Exception exception) when (exception is FormatException or ArgumentException or JsonException
                or System.Security.Cryptography.CryptographicException)
            {
                // Not one of ours (or sealed before a restart): nothing proven beyond the password.
            }
        }

        return ([UserIdentity.PasswordMethod], []);
    }

    private sealed record Record(IReadOnlyList<string> Amr, IReadOnlyList<string> Acrs);
}
