using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EntraEmulator.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EntraEmulator.Tests;

/// <summary>Certificate credentials: FrontApi proves itself with a client assertion signed by its registered certificate.</summary>
public sealed class ClientAssertionTests : IAsyncLifetime
{
    private readonly X509Certificate2 _registered = CreateCertificate();
    private readonly X509Certificate2 _other = CreateCertificate();
    private readonly string _certificatePath = Path.Combine(Path.GetTempPath(), $"front-client-{Guid.NewGuid():N}.crt");
    private EmulatorFactory? _emulator;
    private TokenClient _client = null!;

    public ValueTask InitializeAsync()
    {
        File.WriteAllText(_certificatePath, _registered.ExportCertificatePem());
        _emulator = new EmulatorFactory(overrides: new Dictionary<string, string?>
        {
            ["EntraEmulator:Applications:FrontApi:ClientCertificatePath"] = _certificatePath,
        });
        _client = _emulator.CreateTokenClient();
        return ValueTask.CompletedTask;
    }

    private string TokenEndpoint => $"http://localhost/{TestTenant.TenantId}/oauth2/v2.0/token";

    [Fact]
    public async Task An_assertion_signed_by_the_registered_certificate_authenticates_the_client_and_azpacr_is_2()
    {
        var result = await OnBehalfOfWithAssertionAsync(Assertion(_registered));

        result.AssertSuccess();
        Assert.Equal("2", (await _client.ValidateAsync(result.AccessToken, TestTenant.DownstreamApi)).GetClaim("azpacr").Value);
    }

    [Fact]
    public async Task An_assertion_signed_by_another_certificate_is_AADSTS700027() =>
        (await OnBehalfOfWithAssertionAsync(Assertion(_other))).AssertError(HttpStatusCode.Unauthorized, "invalid_client", 700027);

    [Fact]
    public async Task An_assertion_for_another_audience_is_AADSTS700027() =>
        (await OnBehalfOfWithAssertionAsync(Assertion(_registered, audience: "https://login.microsoftonline.com/other/oauth2/v2.0/token")))
            .AssertError(HttpStatusCode.Unauthorized, "invalid_client", 700027);

    [Fact]
    public async Task An_assertion_issued_by_another_client_is_AADSTS700021() =>
        (await OnBehalfOfWithAssertionAsync(Assertion(_registered, issuer: TestTenant.Daemon)))
            .AssertError(HttpStatusCode.Unauthorized, "invalid_client", 700021);

    [Fact]
    public async Task An_expired_assertion_is_AADSTS700024() =>
        (await OnBehalfOfWithAssertionAsync(Assertion(_registered, expires: DateTime.UtcNow.AddHours(-1))))
            .AssertError(HttpStatusCode.Unauthorized, "invalid_client", 700024);

    [Fact]
    public async Task An_assertion_that_is_not_a_JWT_is_AADSTS50027() =>
        (await OnBehalfOfWithAssertionAsync("not-a-jwt")).AssertError(HttpStatusCode.Unauthorized, "invalid_client", 50027);

    private async Task<TokenResult> OnBehalfOfWithAssertionAsync(string clientAssertion) =>
        await _client.PostAsync(TokenClient.Form(
            ("client_id", TestTenant.FrontApi),
            ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
            ("client_assertion", clientAssertion),
            ("scope", $"{TestTenant.TodoRead} {TestTenant.MsalExtraScopes}"),
            ("grant_type", TokenClient.JwtBearer),
            ("assertion", await _client.UserTokenForFrontApiAsync()),
            ("requested_token_use", "on_behalf_of")));

    private string Assertion(X509Certificate2 certificate, string? audience = null, string? issuer = null, DateTime? expires = null)
    {
        issuer ??= TestTenant.FrontApi;
        var now = DateTime.UtcNow;
        var expiry = expires ?? now.AddMinutes(10);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience ?? TokenEndpoint,
            Claims = new Dictionary<string, object> { ["sub"] = issuer, ["jti"] = Guid.NewGuid().ToString() },
            IssuedAt = expiry.AddMinutes(-10),
            NotBefore = expiry.AddMinutes(-10),
            Expires = expiry,
            SigningCredentials = new X509SigningCredentials(certificate)
            {
                CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false },
            },
        });
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=client assertion test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    public async ValueTask DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        File.Delete(_certificatePath);
        _registered.Dispose();
        _other.Dispose();
    }
}
