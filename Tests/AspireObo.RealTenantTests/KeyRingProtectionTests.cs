extern alias FrontApiApp;

using AspireObo.RealTenantTests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AspireObo.RealTenantTests;

/// <summary>
/// Outside Development, FrontApi starts only with its Data Protection key ring (which encrypts the token cache)
/// encrypted at rest by a certificate, so a copy of Redis never carries the keys to its own contents.
/// </summary>
public sealed class KeyRingProtectionTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void FrontApi_refuses_to_start_with_an_unprotected_key_ring(string environment)
    {
        var settings = ApiSettings.RealTenantFrontApiWithSecret();
        settings.Remove("DataProtection:KeyEncryptionCertificate:SourceType");
        settings.Remove("DataProtection:KeyEncryptionCertificate:CertificateDiskPath");
        using var api = new ConfiguredApi<FrontApiApp::Program>(environment, settings);

        var exception = Assert.ThrowsAny<Exception>(() => api.Services);

        Assert.Contains("would be stored unprotected", exception.ToString(), StringComparison.Ordinal);
        Assert.Contains("'DataProtection:KeyEncryptionCertificate'", exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FrontApi_refuses_to_start_when_the_key_encryption_certificate_cannot_be_loaded()
    {
        var settings = ApiSettings.RealTenantFrontApiWithSecret();
        settings["DataProtection:KeyEncryptionCertificate:CertificateDiskPath"] = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.pfx");
        using var api = new ConfiguredApi<FrontApiApp::Program>("Production", settings);

        var exception = Assert.ThrowsAny<Exception>(() => api.Services);

        Assert.Contains("did not load a certificate with a private key", exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_certificate_the_keys_FrontApi_writes_are_encrypted_to_it()
    {
        using var api = new ConfiguredApi<FrontApiApp::Program>("Production", ApiSettings.RealTenantFrontApiWithSecret());
        var protector = api.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        var secret = "round trip"u8.ToArray();

        Assert.Equal(secret, protector.Unprotect(protector.Protect(secret)));
        var keyRing = api.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value;
        Assert.IsType<CertificateXmlEncryptor>(keyRing.XmlEncryptor);
    }
}
