using EntraEmulator.ConditionalAccess;
using EntraEmulator.Model;

namespace EntraEmulator.Protocol;

/// <summary>A token request whose tenant and client have been checked; what each grant works from.</summary>
/// <param name="ClientAuthentication">How the client proved itself (Entra's <c>azpacr</c>).</param>
/// <param name="Origin">The request's <c>Origin</c> header: present only when a browser sent it cross-origin.</param>
/// <param name="Claims">The request's <c>claims</c> parameter, checked by the token endpoint before any grant runs: client
/// capabilities (<c>xms_cc</c>) and what a claims challenge asks for (<c>acrs</c>, <c>nbf</c>, …).</param>
public sealed record TokenRequest(IFormCollection Form, RegisteredApplication Client, ClientAuthenticationMethod ClientAuthentication, string Issuer, string? Origin = null,
    ClaimsRequest? Claims = null)
{
    public ClaimsRequest RequestedClaims => Claims ?? ClaimsRequest.None;

    /// <summary>Whether the client proved a credential (secret or certificate): a confidential client.</summary>
    public bool ClientAuthenticated => ClientAuthentication != ClientAuthenticationMethod.None;

    /// <summary>A form parameter, or null when absent or blank (Entra treats both as missing).</summary>
    public string? this[string name] => Form.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value.ToString())
        ? value.ToString().Trim()
        : null;

    /// <summary>MSAL sends <c>client_info=1</c> to get the user's home account id back.</summary>
    public bool WantsClientInfo => this["client_info"] == "1";
}
