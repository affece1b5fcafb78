namespace AspireObo.Testing;

/// <summary>Made-up identifiers of a Microsoft Entra ID tenant, as AppHost parameters (nothing here reaches Entra ID).</summary>
public static class EntraIdTestTenant
{
    public const string TenantId = "8d3f1a6b-2c4e-4f7a-9b1d-5e6f7a8b9c0d";
    public const string FrontApiClientId = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
    public const string DownstreamApiClientId = "6f5e4d3c-2b1a-4c9d-8e7f-a0b1c2d3e4f5";

    /// <summary>The AppHost arguments that select Entra ID mode, with <paramref name="clientSecret"/> as FrontApi's secret.</summary>
    public static string[] Parameters(string clientSecret) =>
    [
        $"--Parameters:entra-tenant-id={TenantId}",
        $"--Parameters:front-api-client-id={FrontApiClientId}",
        $"--Parameters:downstream-api-client-id={DownstreamApiClientId}",
        $"--Parameters:front-api-client-secret={clientSecret}",
    ];
}
