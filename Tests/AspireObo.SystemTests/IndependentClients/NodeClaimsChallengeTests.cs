using System.Collections.Concurrent;

namespace AspireObo.SystemTests.IndependentClients;

/// <summary>A system of its own: the script revokes alice's sessions.</summary>
public sealed class NodeClaimsChallengeSystem() : PrivateSystem(new SystemOptions());

/// <summary>
/// MSAL Node, declaring <c>cp1</c>, as a client of FrontApi through a revocation (Tests/clients/node/claims-challenge.mjs):
/// its token carries <c>xms_cc</c>, FrontApi answers the revoked session with the documented claims challenge, and the
/// claims passed to <c>acquireTokenByUsernamePassword</c> give a token that succeeds. One test per reported check.
/// </summary>
[Collection(IsolatedSystems.Name)]
public sealed class NodeClaimsChallengeTests(NodeClaimsChallengeSystem fixture) : IClassFixture<NodeClaimsChallengeSystem>
{
    public static readonly TheoryData<string> Checks = new(
        "cae: token declares cp1", "cae: profile before", "cae: challenge after revocation", "cae: signed in again with the claims");

    private static readonly ConcurrentDictionary<string, Lazy<Task<ClientReport>>> Reports = new();

    [Theory]
    [MemberData(nameof(Checks))]
    public async Task Msal_node_recovers_from_a_claims_challenge(string check)
    {
        var report = await Reports.GetOrAdd(ClientScripts.Node, _ => new Lazy<Task<ClientReport>>(RunAsync)).Value;

        var result = report.Results.SingleOrDefault(line => line.Check == check);
        Assert.True(result is not null, $"msal-node reported no '{check}' check (exit code {report.ExitCode}).\n{report.Output}");
        Assert.True(result.Passed, $"msal-node / {check}: {result.Detail}");
    }

    private Task<ClientReport> RunAsync()
    {
        var system = fixture.System;
        var environment = new Dictionary<string, string>
        {
            ["EMULATOR_URL"] = system.Identity.Http.BaseAddress!.ToString(),
            ["TENANT_ID"] = DevTenant.TenantId,
            ["DEV_CLIENT_ID"] = DevTenant.DevClientId,
            ["FRONT_SCOPE"] = DevTenant.FrontApiScope,
            ["FRONT_URL"] = system.App.GetEndpoint("front", "http").ToString(),
            ["USER_NAME"] = DevUser.Alice.UserName,
            ["USER_PASSWORD"] = DevUser.Alice.Password,
        };

        return ClientScripts.RunAsync(ClientScripts.Node, environment, system.EmulatorCertificatePath, TestContext.Current.CancellationToken, "claims-challenge.mjs");
    }
}
