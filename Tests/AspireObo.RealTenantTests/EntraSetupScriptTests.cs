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
        var (exitCode, output) = await Processes.RunAsync(new ProcessStartInfo("bash", ["-n", Script]));

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task Shellcheck_finds_nothing_in_the_Entra_setup_script()
    {
        var (exitCode, output) = await Processes.RunAsync(new ProcessStartInfo("shellcheck", ["--severity=style", "--shell=bash", Script]));

        Assert.True(exitCode == 0, $"shellcheck (installed by scripts/ensure-prerequisites.sh --require-shellcheck):\n{output}");
    }
}
