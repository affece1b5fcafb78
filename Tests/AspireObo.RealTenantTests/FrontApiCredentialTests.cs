extern alias FrontApiApp;

using AspireObo.RealTenantTests.Infrastructure;

namespace AspireObo.RealTenantTests;

/// <summary>
/// FrontApi's credential is chosen by configuration alone (Identity.Web's <c>ClientCredentials</c>): every kind the
/// AppHost can hand it starts, and an entry missing what its <c>SourceType</c> needs stops FrontApi at startup.
/// Credentials are loaded at first use, so no certificate, vault or managed identity is needed here.
/// </summary>
public sealed class FrontApiCredentialTests
{
    [Theory]
    [InlineData("SourceType=ClientSecret;ClientSecret=not-a-real-secret")]
    [InlineData("SourceType=KeyVault;KeyVaultUrl=https://contoso.vault.azure.net/;KeyVaultCertificateName=front-api")]
    [InlineData("SourceType=Path;CertificateDiskPath=/etc/aspireobo/front-api.pfx")]
    [InlineData("SourceType=StoreWithThumbprint;CertificateStorePath=CurrentUser/My;CertificateThumbprint=0123456789ABCDEF0123456789ABCDEF01234567")]
    [InlineData("SourceType=Base64Encoded;Base64EncodedValue=TUlJLi4u")]
    [InlineData("SourceType=SignedAssertionFromManagedIdentity;ManagedIdentityClientId=2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e")]
    [InlineData("SourceType=SignedAssertionFromManagedIdentity")]
    public void FrontApi_starts_with_a_complete_credential(string credential)
    {
        using var api = new ConfiguredApi<FrontApiApp::Program>("Production", ApiSettings.RealTenantFrontApi(Parse(credential)));

        Assert.NotNull(api.Services);
    }

    [Theory]
    [InlineData("SourceType=ClientSecret")]
    [InlineData("SourceType=KeyVault;KeyVaultUrl=https://contoso.vault.azure.net/")]
    [InlineData("SourceType=Path")]
    [InlineData("SourceType=StoreWithThumbprint;CertificateStorePath=CurrentUser/My")]
    [InlineData("SourceType=Base64Encoded")]
    public void FrontApi_refuses_to_start_with_an_incomplete_credential(string credential)
    {
        using var api = new ConfiguredApi<FrontApiApp::Program>("Production", ApiSettings.RealTenantFrontApi(Parse(credential)));

        var exception = Assert.ThrowsAny<Exception>(() => api.Services);

        Assert.Contains("'AzureAd:ClientCredentials' has no complete credential", exception.ToString(), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Parse(string credential) =>
        credential.Split(';').Select(pair => pair.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);
}
