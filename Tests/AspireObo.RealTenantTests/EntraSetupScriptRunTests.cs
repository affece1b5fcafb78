using System.Diagnostics;
using System.Text.Json.Nodes;
using AspireObo.RealTenantTests.Infrastructure;

namespace AspireObo.RealTenantTests;

/// <summary>
/// Runs scripts/entra-setup.sh end to end with stand-ins for the <c>az</c>, <c>azd</c> and <c>dotnet</c> commands
/// (no tenant here): the Microsoft Graph bodies it sends are valid JSON with the registrations the docs describe, and
/// the parameters it sets are the ones the AppHost reads. The stand-ins only record what they are asked.
/// </summary>
public sealed class EntraSetupScriptRunTests : IDisposable
{
    private const string TenantId = EntraIdTestTenant.TenantId;
    private const string Secret = "stand-in-client-secret";

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("aspireobo-entra-setup-");

    [Fact]
    public async Task The_script_registers_both_APIs_and_the_client_and_sets_the_AppHost_parameters()
    {
        var (exitCode, output) = await RunScriptAsync("--azd");

        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain(Secret, output, StringComparison.Ordinal);

        var calls = RecordedCalls();
        var created = calls.Where(call => call[..4].SequenceEqual(["az", "ad", "app", "create"])).Select(call => call[Index(call, "--display-name") + 1]).ToList();
        Assert.Equal(["AspireObo DownstreamApi", "AspireObo FrontApi", "AspireObo Client"], created);
        var (downstream, front, client) = ("app-1", "app-2", "app-3"); // the stand-in's ids, in creation order

        var patches = calls.Where(call => call[..2].SequenceEqual(["az", "rest"]))
            .ToDictionary(call => call[Index(call, "--uri") + 1].Split('/')[^1], call => JsonNode.Parse(call[Index(call, "--body") + 1])!);
        var downstreamScopes = Scopes(patches["object-1"]);
        Assert.Equal(["Todo.Read", "Todo.ReadWrite"], downstreamScopes.Keys.Order());
        Assert.Equal(2, patches["object-1"]["api"]!["requestedAccessTokenVersion"]!.GetValue<int>());
        Assert.Equal($"api://{downstream}", patches["object-1"]["identifierUris"]![0]!.GetValue<string>());

        var frontApi = patches["object-2"];
        Assert.Equal(["access_as_user"], Scopes(frontApi).Keys);
        Assert.Equal(2, frontApi["api"]!["requestedAccessTokenVersion"]!.GetValue<int>());
        Assert.Equal(client, frontApi["api"]!["knownClientApplications"]![0]!.GetValue<string>());
        var frontPermissions = frontApi["requiredResourceAccess"]!.AsArray();
        Assert.Equal(2, frontPermissions.Count);
        var permission = frontPermissions[0]!;
        Assert.Equal(downstream, permission["resourceAppId"]!.GetValue<string>());
        // Microsoft Graph's delegated User.Read (well-known ids) for /api/profile.
        Assert.Equal("00000003-0000-0000-c000-000000000000", frontPermissions[1]!["resourceAppId"]!.GetValue<string>());
        Assert.Equal("e1fe6dd8-ba31-4d61-89e7-88639da4683d", Assert.Single(frontPermissions[1]!["resourceAccess"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal(downstreamScopes.Values.Order(), permission["resourceAccess"]!.AsArray().Select(access => access!["id"]!.GetValue<string>()).Order());

        var clientPermission = Assert.Single(patches["object-3"]["requiredResourceAccess"]!.AsArray())!;
        Assert.Equal(front, clientPermission["resourceAppId"]!.GetValue<string>());
        Assert.Equal(Scopes(frontApi)["access_as_user"], clientPermission["resourceAccess"]![0]!["id"]!.GetValue<string>());

        Assert.Contains(calls, call => call[..5].SequenceEqual(["az", "ad", "app", "permission", "admin-consent"]) && call.Contains(front));

        var expected = new Dictionary<string, string>
        {
            ["entra-tenant-id"] = TenantId,
            ["front-api-client-id"] = front,
            ["downstream-api-client-id"] = downstream,
            ["front-api-client-secret"] = Secret,
        };
        foreach (var (name, value) in expected)
        {
            Assert.Contains(calls, call => call.SequenceEqual(["dotnet", "user-secrets", "set", $"Parameters:{name}", value, "--project", "AppHost"]));
            Assert.Contains(calls, call => call.SequenceEqual(["azd", "env", "set", $"AZURE_{name.Replace('-', '_').ToUpperInvariant()}", value]));
        }
    }

    public void Dispose() => _work.Delete(recursive: true);

    private static Dictionary<string, string> Scopes(JsonNode application) =>
        application["api"]!["oauth2PermissionScopes"]!.AsArray()
            .ToDictionary(scope => scope!["value"]!.GetValue<string>(), scope => scope!["id"]!.GetValue<string>());

    private static int Index(string[] call, string argument) => Array.IndexOf(call, argument);

    private async Task<(int ExitCode, string Output)> RunScriptAsync(params string[] arguments)
    {
        var bin = Directory.CreateDirectory(Path.Combine(_work.FullName, "bin")).FullName;
        var log = Directory.CreateDirectory(Path.Combine(_work.FullName, "calls")).FullName;
        // Each call is recorded as one file of NUL-separated arguments; az answers what the script reads.
        const string record = "n=$(ls \"$CALLS\" | wc -l); printf '%s\\0' \"$(basename \"$0\")\" \"$@\" > \"$CALLS/$(printf %04d \"$n\")\"\n";
        WriteStandIn(bin, "dotnet", record);
        WriteStandIn(bin, "azd", record);
        WriteStandIn(bin, "az", record + $"""
            case "$1 $2 $3" in
              "account show --query") echo {TenantId} ;;
              "ad app create") k=$(grep -lz -- '--sign-in-audience' "$CALLS"/* | wc -l); printf 'app-%s\nobject-%s\n' "$k" "$k" ;;
              "ad app credential") echo {Secret} ;;
            esac
            """);

        var start = new ProcessStartInfo("bash", [Repository.File("scripts", "entra-setup.sh"), .. arguments]);
        start.Environment["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["CALLS"] = log;
        return await Processes.RunAsync(start);
    }

    private List<string[]> RecordedCalls() =>
        Directory.GetFiles(Path.Combine(_work.FullName, "calls")).Order(StringComparer.Ordinal)
            .Select(file => File.ReadAllText(file).TrimEnd('\0').Split('\0'))
            .ToList();

    private static void WriteStandIn(string directory, string name, string body)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, $"#!/usr/bin/env bash\nset -euo pipefail\n{body}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
