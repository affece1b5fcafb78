using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using EntraEmulator.Model;
using EntraEmulator.Protocol;

namespace EntraEmulator.Grants;

public sealed record AuthenticatedClient(RegisteredApplication Application, ClientAuthenticationMethod Method);

/// <summary>
/// Client authentication: <c>client_secret_basic</c> (Authorization: Basic, which wins when both are sent),
/// <c>client_secret_post</c>, or a certificate's <c>client_assertion</c> (<see cref="ClientAssertionValidator"/>).
/// Public clients must not send a credential; confidential clients must send a right one.
/// </summary>
public sealed class ClientAuthenticator(TenantDirectory directory, ClientAssertionValidator assertions, EmulatorUrls urls)
{
    public async Task<Resolution<AuthenticatedClient>> AuthenticateAsync(HttpRequest request, IFormCollection form, bool confidentialRequired)
    {
        if (!TryReadBasic(request, out var basicId, out var basicSecret))
        {
            return EntraError.ClientCredentialRequired();
        }

        var clientId = basicId ?? NonEmpty(form["client_id"]);
        if (clientId is null)
        {
            return EntraError.MissingParameter("client_id");
        }

        var application = directory.FindByClientId(clientId);
        if (application is null)
        {
            return EntraError.ApplicationNotFound(clientId, directory.TenantId);
        }

        var secret = basicSecret ?? NonEmpty(form["client_secret"]);
        var assertion = NonEmpty(form["client_assertion"]);

        if (application.IsPublicClient)
        {
            if (secret is not null || assertion is not null)
            {
                return EntraError.PublicClientSentSecret();
            }

            return confidentialRequired
                ? EntraError.ClientCredentialRequired()
                : new AuthenticatedClient(application, ClientAuthenticationMethod.None);
        }

        if (assertion is not null && secret is null)
        {
            if (NonEmpty(form["client_assertion_type"]) != ClientAssertionValidator.JwtBearerAssertionType)
            {
                return EntraError.MissingParameter("client_assertion_type");
            }

            return await assertions.ValidateAsync(assertion, application, urls.TokenEndpoint(request)) is { } assertionError
                ? assertionError
                : new AuthenticatedClient(application, ClientAuthenticationMethod.Certificate);
        }

        if (secret is null)
        {
            return EntraError.ClientCredentialRequired();
        }

        // An app without a configured secret cannot authenticate at all (like one whose secrets all expired).
        return application.ClientSecret is not null && FixedTimeEquals(secret, application.ClientSecret)
            ? new AuthenticatedClient(application, ClientAuthenticationMethod.Secret)
            : EntraError.InvalidClientSecret(application.ClientId);
    }

    /// <summary>False only for a malformed Basic header; no header at all is fine (id and secret stay null).</summary>
    private static bool TryReadBasic(HttpRequest request, out string? clientId, out string? secret)
    {
        clientId = secret = null;
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter ?? ""));
            var colon = decoded.IndexOf(':');
            if (colon <= 0)
            {
                return false;
            }

            // RFC 6749 §2.3.1: both parts are form-urlencoded before being joined.
            clientId = Uri.UnescapeDataString(decoded[..colon].Replace('+', ' '));
            secret = NonEmpty(Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' ')));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static bool FixedTimeEquals(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
