using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AspireObo.SystemTests.IndependentClients;

/// <summary>One line of a client script's report.</summary>
public sealed record ClientCheck(
    [property: JsonPropertyName("library")] string Library,
    [property: JsonPropertyName("check")] string Check,
    [property: JsonPropertyName("passed")] bool Passed,
    [property: JsonPropertyName("detail")] string Detail);

public sealed record ClientReport(int ExitCode, IReadOnlyList<ClientCheck> Results, string Output);

/// <summary>
/// Runs the contract scripts under Tests/clients: MSAL Node (<c>node contract.mjs</c>, its packages installed by
/// scripts/ensure-prerequisites.sh) and MSAL Python (Debian's <c>python3-msal</c>, so Debian's own /usr/bin/python3).
/// </summary>
public static class ClientScripts
{
    public const string Node = "msal-node";
    public const string Python = "msal-python";

    public static readonly string[] Libraries = [Node, Python];

    /// <summary>What each script checks, in order (the scripts print exactly these names).</summary>
    public static readonly string[] CheckNames =
    [
        "discovery",
        "user token",
        "on-behalf-of",
        "on-behalf-of from cache",
        "alternating scopes cost one exchange",
        "client credentials",
        "conditional access challenge",
    ];

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <param name="script">Another script of the library's folder than its contract (e.g. <c>claims-challenge.mjs</c>).</param>
    public static async Task<ClientReport> RunAsync(
        string library, IReadOnlyDictionary<string, string> environment, string emulatorCertificatePath, CancellationToken cancellationToken,
        string? script = null)
    {
        var clients = Repository.File("Tests", "clients");
        var start = library switch
        {
            Node => new ProcessStartInfo("node", [script ?? "contract.mjs"]) { WorkingDirectory = Path.Combine(clients, "node") },
            Python => new ProcessStartInfo(PythonWithMsal(), ["contract.py"]) { WorkingDirectory = Path.Combine(clients, "python") },
            _ => throw new ArgumentOutOfRangeException(nameof(library), library, "Unknown client library."),
        };
        if (library == Node)
        {
            Assert.True(Directory.Exists(Path.Combine(start.WorkingDirectory, "node_modules", "@azure", "msal-node")),
                "MSAL Node is not installed: run scripts/ensure-prerequisites.sh --require-clients.");
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        // Trust the emulator's certificate, and for Python nothing else (requests replaces its CA bundle with this file).
        start.Environment["NODE_EXTRA_CA_CERTS"] = emulatorCertificatePath;
        start.Environment["REQUESTS_CA_BUNDLE"] = emulatorCertificatePath;
        start.Environment.Remove("CURL_CA_BUNDLE");

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var results = lines.Where(line => line.StartsWith('{')).Select(line => JsonSerializer.Deserialize<ClientCheck>(line)!).ToList();
        return new ClientReport(process.ExitCode, results, string.Join('\n', lines) + "\n" + await errors);
    }

    /// <summary>Debian's python3 (where apt installs python3-msal), which may not be the python3 first on PATH.</summary>
    private static string PythonWithMsal() =>
        Environment.GetEnvironmentVariable("MSAL_PYTHON") is { Length: > 0 } configured ? configured
        : File.Exists("/usr/bin/python3") ? "/usr/bin/python3"
        : "python3";
}
