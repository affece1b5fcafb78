using System.Text;

namespace EntraEmulator.Diagnostics;

/// <summary>
/// What the emulator logs of request input it has not validated. A CR/LF (or any control character) in a form field
/// would otherwise start a new line in the console and forge a record, such as a one-time-code line a developer trusts.
/// </summary>
public static class LogValues
{
    private const int MaxLength = 200;

    /// <summary>A client id as Entra's are, a GUID, in canonical form; anything else is not repeated.</summary>
    public static string ClientId(string? value) =>
        string.IsNullOrEmpty(value) ? "(not in form)"
        : Guid.TryParse(value, out var id) ? id.ToString()
        : "(not a GUID)";

    /// <summary>Free text on one line: control, line-separator and bidirectional-override characters escaped, at most 200 characters.</summary>
    public static string OneLine(string value)
    {
        var length = Math.Min(value.Length, MaxLength);
        if (length < value.Length && char.IsHighSurrogate(value[length - 1]))
        {
            length--; // never cut a character in half
        }

        var text = new StringBuilder(length + 8);
        foreach (var c in value.AsSpan(0, length))
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))
            {
                text.Append($"\\u{(int)c:X4}");
            }
            else
            {
                text.Append(c);
            }
        }

        return length < value.Length ? text.Append('…').ToString() : text.ToString();
    }
}
