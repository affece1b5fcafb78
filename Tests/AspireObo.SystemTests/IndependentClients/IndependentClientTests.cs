using System.Collections.Concurrent;

namespace AspireObo.SystemTests.IndependentClients;

/// <summary>
/// Microsoft's own MSAL for Node and for Python, as independent clients of the running system: each runs its contract
/// script (Tests/clients) against the EntraEmulator and FrontApi's real credential, and every check it reports is one
/// test here. The emulator's certificate is the only one they are told to trust (NODE_EXTRA_CA_CERTS /
/// REQUESTS_CA_BUNDLE); neither turns certificate validation off.
/// </summary>
[Collection(SharedSystem.CollectionName)]
public sealed class IndependentClientTests(SharedSystem shared)
{
    public static readonly TheoryData<string, string> Checks = new(
        from library in ClientScripts.Libraries
        from check in ClientScripts.CheckNames
        select (library, check));

    /// <summary>Each script runs once per test run (its checks build on each other); the tests read its report.</summary>
    private static readonly ConcurrentDictionary<string, Lazy<Task<ClientReport>>> Reports = new();

    [Theory]
    [MemberData(nameof(Checks))]
    public async Task Msal_client_agrees_with_the_emulator(string library, string check)
    {
        var report = await Reports.GetOrAdd(library, name => new Lazy<Task<ClientReport>>(() => RunAsync(name))).Value;

        var result = report.Results.SingleOrDefault(line => line.Check == check);
        Assert.True(result is not null, $"{library} reported no '{check}' check (exit code {report.ExitCode}).\n{report.Output}");
        Assert.True(result.Passed, $"{library} / {check}: {result.Detail}");
    }

    private async Task<ClientReport> RunAsync(string library)
    {
        var system = shared.System;
        var cancellation = TestContext.Current.CancellationToken;
        var frontSecret = await system.GetFrontApiClientSecretAsync(cancellation);

        var environment = new Dictionary<string, string>
        {
            ["EMULATOR_URL"] = system.Identity.Http.BaseAddress!.ToString(),
            ["TENANT_ID"] = DevTenant.TenantId,
            ["DEV_CLIENT_ID"] = DevTenant.DevClientId,
            ["FRONT_CLIENT_ID"] = DevTenant.FrontApiClientId,
            ["FRONT_CLIENT_SECRET"] = frontSecret,
            ["FRONT_SCOPE"] = DevTenant.FrontApiScope,
            ["DOWNSTREAM_READ_SCOPE"] = $"api://{DevTenant.DownstreamApiClientId}/Todo.Read",
            ["DOWNSTREAM_WRITE_SCOPE"] = $"api://{DevTenant.DownstreamApiClientId}/Todo.ReadWrite",
            ["DOWNSTREAM_DEFAULT_SCOPE"] = $"api://{DevTenant.DownstreamApiClientId}/.default",
            ["USER_NAME"] = DevUser.Alice.UserName,
            ["USER_PASSWORD"] = DevUser.Alice.Password,
            ["SECOND_USER_NAME"] = DevUser.Bob.UserName,
            ["SECOND_USER_PASSWORD"] = DevUser.Bob.Password,
            ["MFA_USER_NAME"] = DevUser.Dana.UserName,
            ["MFA_USER_PASSWORD"] = DevUser.Dana.Password,
        };

        return await ClientScripts.RunAsync(library, environment, system.EmulatorCertificatePath, cancellation);
    }
}
