using EntraEmulator.Model;

namespace EntraEmulator.Protocol;

/// <summary>A token request whose tenant and client have been checked; what each grant works from.</summary>
/// <param name="ClientAuthentication">How the client proved itself (Entra's <c>azpacr</c>).</param>
/// <param name="Origin">The request's <c>Origin</c> header: present only when a browser sent it cross-origin.</param>
public sealed record TokenRequest(IFormCollection Form, RegisteredApplication Client, ClientAuthenticationMethod ClientAuthentication, string Issuer, string? Origin = null)
{
    /// <summary>Whether the client proved a credential (secret or certificate): a confidential client.</summary>
    public bool ClientAuthenticated => ClientAuthentication != ClientAuthenticationMethod.None;

    /// <summary>A form parameter, or null when absent or blank (Entra treats both as missing).</summary>
    public string? this[string name] => Form.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value.ToString())
        ? value.ToString().Trim()
        : null;

    /// <summary>MSAL sends <c>client_info=1</c> to get the user's home account id back.</summary>
    public bool WantsClientInfo => this["client_info"] == "1";
}
