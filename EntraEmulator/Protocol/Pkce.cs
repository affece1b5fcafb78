using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace EntraEmulator.Protocol;

/// <summary>Proof Key for Code Exchange (RFC 7636), S256 only.</summary>
public static class Pkce
{
    public const string S256 = "S256";

    /// <summary>base64url(SHA-256(verifier)) without padding is always 43 characters.</summary>
    public const int ChallengeLength = 43;

    public static bool IsWellFormedChallenge(string challenge) =>
        challenge.Length == ChallengeLength && challenge.All(IsBase64UrlCharacter);

    /// <summary>RFC 7636 §4.1: 43–128 unreserved characters.</summary>
    public static bool IsWellFormedVerifier(string verifier) =>
        verifier.Length is >= 43 and <= 128 && verifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~');

    public static string ChallengeFor(string verifier) =>
        Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    public static bool Matches(string verifier, string challenge) =>
        IsWellFormedVerifier(verifier)
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(ChallengeFor(verifier)), Encoding.ASCII.GetBytes(challenge));

    private static bool IsBase64UrlCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
