using System.Diagnostics;
using AspireObo.RealTenantTests.Infrastructure;

namespace AspireObo.RealTenantTests;

/// <summary>
/// scripts/entra-setup.sh needs a tenant and an admin to run, so what can be tested here is that bash parses it and
/// shellcheck finds nothing in it (quoting, unset variables, subshell pitfalls) at any severity.
/// </summary>
public sealed class EntraSetupScriptTests
{
    private static readonly string Script = Repository.File("scripts", "entra-setup.sh");

    [Fact]
    public async Task Bash_parses_the_Entra_setup_script()
    {
        var (exitCode, output) = await RunAsync("bash", "-n", Script);

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task Shellcheck_finds_nothing_in_the_Entra_setup_script()
    {
        var (exitCode, output) = await RunAsync("shellcheck", "--severity=style", "--shell=bash", Script);

        Assert.True(exitCode == 0, $"shellcheck (installed by scripts/ensure-prerequisites.sh --require-shellcheck):\n{output}");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string command, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output + await errors);
    }
}
