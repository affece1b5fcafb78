using System.Diagnostics;
using System.Text;

namespace AspireObo.SystemTests.Package;

/// <summary>
/// Runs the <c>dotnet</c> CLI as a developer would, from a clean environment: the MSBuild variables the test host
/// inherits from <c>dotnet test</c> are dropped (they would point a nested build at the outer one), build servers are
/// not left behind, and the output is kept for the failure message.
/// </summary>
internal static class DotnetCommand
{
    public static async Task RunAsync(string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken, params string[] arguments)
    {
        using var process = new Process { StartInfo = StartInfo(workingDirectory, arguments) };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(bounded.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish within {timeout}:\n{Tail(output)}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{Tail(output)}");
        }
    }

    /// <summary>A <c>dotnet</c> process with the test host's MSBuild and test-platform variables removed.</summary>
    public static ProcessStartInfo StartInfo(string workingDirectory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(IsInheritedFromTestHost).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        return start;
    }

    private static bool IsInheritedFromTestHost(string name) =>
        name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
        || name.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase);

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Tail(StringBuilder output)
    {
        lock (output)
        {
            var text = output.ToString();
            return text.Length <= 6000 ? text : text[^6000..];
        }
    }
}
