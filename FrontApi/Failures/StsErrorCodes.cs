using System.Text.RegularExpressions;

namespace FrontApi.Failures;

/// <summary>The identity platform's AADSTS codes, as MSAL passes them on in its exception messages.</summary>
public static partial class StsErrorCodes
{
    /// <summary>The assertion (the caller's token) is outside its valid time range: expired, or not yet valid.</summary>
    public const string AssertionNotWithinValidTimeRange = "AADSTS500133";

    /// <summary>The assertion failed signature validation.</summary>
    public const string AssertionSignatureInvalid = "AADSTS50013";

    /// <summary>
    /// The AADSTS code in an MSAL exception's message, or in that of an exception it wraps (Identity.Web wraps MSAL's), or
    /// null. Only the code: the rest is free text.
    /// </summary>
    public static string? Of(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (AadstsCode().Match(current.Message) is { Success: true } match)
            {
                return match.Value;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the identity platform refused the caller's token itself during the exchange — so a new token from the
    /// caller's client fixes it, where user interaction or consent would not.
    /// </summary>
    public static bool RefusesCallersToken(Exception exception) =>
        Of(exception) is AssertionNotWithinValidTimeRange or AssertionSignatureInvalid;

    [GeneratedRegex(@"\bAADSTS\d{4,8}\b")]
    private static partial Regex AadstsCode();
}
