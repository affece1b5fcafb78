namespace AspireObo.RealTenantTests.Infrastructure;

/// <summary>The <c>AzureAd</c> configuration the AppHost hands the APIs, in each identity mode.</summary>
public static class ApiSettings
{
    public const string TenantId = EntraIdTestTenant.TenantId;
    public const string FrontApiClientId = EntraIdTestTenant.FrontApiClientId;
    public const string DownstreamApiClientId = EntraIdTestTenant.DownstreamApiClientId;

    /// <summary>Real-tenant mode: the public cloud's authority, no emulator setting at all.</summary>
    public static Dictionary<string, string?> RealTenant(string clientId) => new()
    {
        ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
        ["AzureAd:TenantId"] = TenantId,
        ["AzureAd:ClientId"] = clientId,
        ["AllowedClientApplications:0"] = FrontApiClientId,
        ["ConnectionStrings:cache"] = LocalRedisServer.Shared.ConnectionString,
        // FrontApi's key ring encrypted at rest (outside Development it refuses to start otherwise); DownstreamApi ignores it.
        ["DataProtection:KeyEncryptionCertificate:SourceType"] = "Path",
        ["DataProtection:KeyEncryptionCertificate:CertificateDiskPath"] = KeyEncryptionCertificateFile.Path,
    };

    /// <summary>FrontApi against the real tenant with the given <c>AzureAd:ClientCredentials:0</c> entry.</summary>
    public static Dictionary<string, string?> RealTenantFrontApi(IReadOnlyDictionary<string, string> credential)
    {
        var settings = RealTenant(FrontApiClientId);
        foreach (var (key, value) in credential)
        {
            settings[$"AzureAd:ClientCredentials:0:{key}"] = value;
        }

        return settings;
    }

    public static Dictionary<string, string?> RealTenantFrontApiWithSecret() =>
        RealTenantFrontApi(new Dictionary<string, string> { ["SourceType"] = "ClientSecret", ["ClientSecret"] = "not-a-real-secret" });

    /// <summary>Emulator mode, as the AppHost configures it: the emulator's address and its certificate to trust.</summary>
    public static Dictionary<string, string?> Emulator(Dictionary<string, string?> realTenant, string certificatePath)
    {
        var settings = new Dictionary<string, string?>(realTenant)
        {
            ["AzureAd:Instance"] = "https://localhost:7180/",
            ["EntraEmulator:TrustedCertificatePath"] = certificatePath,
        };
        return settings;
    }
}
