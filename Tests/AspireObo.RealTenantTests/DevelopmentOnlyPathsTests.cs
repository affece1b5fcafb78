extern alias DownstreamApiApp;
extern alias FrontApiApp;

using AspireObo.RealTenantTests.Infrastructure;

namespace AspireObo.RealTenantTests;

/// <summary>
/// Against a real tenant, none of the development-only pieces (trust of the emulator's certificate, the
/// instance-discovery redirect, the emulator's issuer-validator client) is in the HTTP clients that reach Entra ID,
/// whatever the environment. The emulator-mode control shows the inspection does see them when they are there.
/// </summary>
public sealed class DevelopmentOnlyPathsTests
{
    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public void FrontApi_against_a_real_tenant_talks_to_Entra_ID_with_the_machine_trust_only(string environment)
    {
        using var api = new ConfiguredApi<FrontApiApp::Program>(environment, ApiSettings.RealTenantFrontApiWithSecret());

        AssertNoDevelopmentOnlyPath(AuthorityHttpPipelines.Inspect(api.Services));
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public void DownstreamApi_against_a_real_tenant_talks_to_Entra_ID_with_the_machine_trust_only(string environment)
    {
        using var api = new ConfiguredApi<DownstreamApiApp::Program>(environment, ApiSettings.RealTenant(ApiSettings.DownstreamApiClientId));

        AssertNoDevelopmentOnlyPath(AuthorityHttpPipelines.Inspect(api.Services));
    }

    [Fact]
    public void In_emulator_mode_the_same_inspection_finds_the_emulator_trust_and_the_redirect()
    {
        using var certificate = new TemporaryCertificate();
        using var api = new ConfiguredApi<FrontApiApp::Program>("Development",
            ApiSettings.Emulator(ApiSettings.RealTenantFrontApiWithSecret(), certificate.Path));

        var pipelines = AuthorityHttpPipelines.Inspect(api.Services);

        Assert.True(pipelines.RedirectsInstanceDiscovery);
        Assert.True(pipelines.HasCustomCertificateValidation);
        Assert.Equal("EntraEmulator", pipelines.IssuerValidatorClientName);
    }

    [Fact]
    public void Emulator_trust_outside_Development_stops_the_API_at_startup()
    {
        using var certificate = new TemporaryCertificate();
        using var api = new ConfiguredApi<DownstreamApiApp::Program>("Production",
            ApiSettings.Emulator(ApiSettings.RealTenant(ApiSettings.DownstreamApiClientId), certificate.Path));

        var exception = Assert.ThrowsAny<Exception>(() => api.Services);

        Assert.Contains("for development only", exception.ToString(), StringComparison.Ordinal);
    }

    private static void AssertNoDevelopmentOnlyPath(AuthorityHttpPipelines pipelines)
    {
        Assert.False(pipelines.RedirectsInstanceDiscovery, "The instance-discovery redirect to the emulator is active.");
        Assert.False(pipelines.HasCustomCertificateValidation, "An HTTP client to the authority validates certificates with custom (emulator) trust.");
        Assert.NotEqual("EntraEmulator", pipelines.IssuerValidatorClientName);
    }
}
