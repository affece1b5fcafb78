using EntraEmulator.Model;

namespace EntraEmulator.Protocol;

/// <summary>A token request whose tenant and client have been checked; what each grant works from.</summary>
/// <param name="ClientAuthenticated">The client proved a secret (Entra's <c>azpacr</c> "1"); false for public clients.</param>
public sealed record TokenRequest(IFormCollection Form, RegisteredApplication Client, bool ClientAuthenticated, string Issuer)
{
    /// <summary>A form parameter, or null when absent or blank (Entra treats both as missing).</summary>
    public string? this[string name] => Form.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value.ToString())
        ? value.ToString().Trim()
        : null;

    /// <summary>MSAL sends <c>client_info=1</c> to get the user's home account id back.</summary>
    public bool WantsClientInfo => this["client_info"] == "1";
}
