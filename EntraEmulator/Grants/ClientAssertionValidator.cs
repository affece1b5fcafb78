using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EntraEmulator.Model;
using EntraEmulator.Protocol;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EntraEmulator.Grants;

/// <summary>
/// Certificate credentials (<c>private_key_jwt</c>): the client proves itself with a short-lived JWT signed by the
/// private key of a certificate registered on the app, as MSAL's <c>WithCertificate</c> and Identity.Web's certificate
/// <c>ClientCredentials</c> send it. The certificate is found by the assertion's <c>x5t#S256</c>, <c>x5t</c> or
/// <c>kid</c>; <c>aud</c> must be this token endpoint, <c>iss</c> and <c>sub</c> the client id.
/// </summary>
public sealed class ClientAssertionValidator(TimeProvider time)
{
    public const string JwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private readonly JsonWebTokenHandler _handler = new();

    public async Task<EntraError?> ValidateAsync(string assertion, RegisteredApplication application, string tokenEndpoint)
    {
        JsonWebToken token;
        try
        {
            token = _handler.ReadJsonWebToken(assertion);
        }
        catch (Exception exception) when (exception is ArgumentException or SecurityTokenMalformedException)
        {
            return EntraError.MalformedClientAssertion();
        }

        var certificate = application.ClientCertificate;
        if (certificate is null || !Identifies(token, certificate))
        {
            return EntraError.ClientAssertionSignatureInvalid(application.ClientId, "The key was not found.");
        }

        // The handler checks signature, issuer (the client id), audience (this token endpoint) and lifetime; its
        // failure type picks Entra's code. The subject must be the client id too, which the handler does not check.
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = new X509SecurityKey(certificate) { CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false } },
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256],
            IssuerValidator = (issuer, _, _) => string.Equals(issuer, application.ClientId, StringComparison.OrdinalIgnoreCase)
                ? issuer
                : throw new SecurityTokenInvalidIssuerException("The assertion's issuer is not the client id."),
            AudienceValidator = (audiences, _, _) => audiences.Any(audience =>
                string.Equals(audience.TrimEnd('/'), tokenEndpoint, StringComparison.OrdinalIgnoreCase)),
            LifetimeValidator = AssertionLifetime.On(time),
        });

        if (!result.IsValid)
        {
            return result.Exception switch
            {
                SecurityTokenInvalidIssuerException => EntraError.ClientAssertionIssuerMismatch(application.ClientId),
                SecurityTokenInvalidAudienceException => EntraError.ClientAssertionAudienceInvalid(tokenEndpoint),
                SecurityTokenInvalidLifetimeException => EntraError.ClientAssertionOutsideValidity(),
                _ => EntraError.ClientAssertionSignatureInvalid(application.ClientId, "The provided signature value did not match the expected signature value."),
            };
        }

        return string.Equals(token.Subject, application.ClientId, StringComparison.OrdinalIgnoreCase)
            ? null
            : EntraError.ClientAssertionIssuerMismatch(application.ClientId);
    }

    private static bool Identifies(JsonWebToken token, X509Certificate2 certificate)
    {
        var sha256 = Base64UrlEncoder.Encode(certificate.GetCertHash(HashAlgorithmName.SHA256));
        var sha1 = Base64UrlEncoder.Encode(certificate.GetCertHash(HashAlgorithmName.SHA1));
        return (token.TryGetHeaderValue<string>("x5t#S256", out var x5tS256) && x5tS256 == sha256)
            || (token.TryGetHeaderValue<string>("x5t", out var x5t) && x5t == sha1)
            || string.Equals(token.Kid, certificate.Thumbprint, StringComparison.OrdinalIgnoreCase);
    }
}
