using System.Diagnostics;
using System.Text.Json;
using AspireObo.AppHost;

namespace AspireObo.SystemTests.Package;

/// <summary>
/// samples/MinimalObo as someone outside this repository gets it: the integration packed by <c>dotnet pack</c> into a
/// local feed in a temporary folder, with a version of this run's own (so no stale copy in the global packages folder
/// is ever used, and this run's copy is removed from it afterwards); the sample copied next to that feed (so nothing of
/// this repository's build settings applies), restored and built from the feed, and its AppHost run as a process.
/// </summary>
internal sealed class ConsumerSample : IAsyncDisposable
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"entra-emulator-consumer-{Guid.NewGuid():N}");
    private Process? _appHost;

    /// <summary>A prerelease version no other run uses.</summary>
    public string PackageVersion { get; } = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Guid.NewGuid().ToString("N")[..8]}";

    public string SampleDirectory => Path.Combine(_root, "MinimalObo");

    /// <summary>The consumer's AppHost keeps its emulator's files here (XDG_DATA_HOME of its process).</summary>
    private string DataHome => Path.Combine(_root, "data");

    public async Task PackAndBuildAsync(CancellationToken cancellationToken)
    {
        CopyDirectory(Repository.File("samples", "MinimalObo"), SampleDirectory);
        await DotnetCommand.RunAsync(Repository.Root, BuildTimeout, cancellationToken,
            "pack", Repository.File("EntraEmulator.Hosting", "EntraEmulator.Hosting.csproj"), "-c", "Release", "--nologo",
            "--disable-build-servers", "-o", Path.Combine(SampleDirectory, "local-feed"),
            "--artifacts-path", Path.Combine(_root, "artifacts"), $"-p:Version={PackageVersion}");
        await DotnetCommand.RunAsync(SampleDirectory, BuildTimeout, cancellationToken,
            "build", "MinimalObo.AppHost", "-c", "Release", "--nologo", "--disable-build-servers",
            $"-p:EntraEmulatorHostingVersion={PackageVersion}");
    }

    /// <summary>Starts the built AppHost as <c>dotnet run</c> would with its launch profile (dashboard on free ports).</summary>
    public void Start()
    {
        var appHost = Path.Combine(SampleDirectory, "MinimalObo.AppHost", "bin", "Release", "net10.0", "MinimalObo.AppHost.dll");
        var start = DotnetCommand.StartInfo(SampleDirectory, [appHost]);
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://localhost:{LoopbackPorts.Free()}";
        start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{LoopbackPorts.Free()}";
        start.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://localhost:{LoopbackPorts.Free()}";
        start.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        start.Environment["XDG_DATA_HOME"] = DataHome;
        _appHost = Process.Start(start) ?? throw new InvalidOperationException("The consumer's AppHost did not start.");
        _appHost.OutputDataReceived += (_, _) => { };
        _appHost.ErrorDataReceived += (_, _) => { };
        _appHost.BeginOutputReadLine();
        _appHost.BeginErrorReadLine();
    }

    /// <summary>The emulator's <c>tenant.json</c> (EntraEmulator.Hosting writes it when the emulator starts).</summary>
    public async Task<EmulatedTenant> WaitForTenantAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_appHost is { HasExited: true })
            {
                throw new InvalidOperationException($"The consumer's AppHost exited with {_appHost.ExitCode}.");
            }

            var file = Directory.Exists(DataHome) ? Directory.EnumerateFiles(DataHome, "tenant.json", SearchOption.AllDirectories).FirstOrDefault() : null;
            if (file is not null)
            {
                return JsonSerializer.Deserialize<EmulatedTenant>(await File.ReadAllTextAsync(file, cancellationToken), JsonSerializerOptions.Web)!;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_appHost is { HasExited: false } appHost)
        {
            // As Ctrl+C: the AppHost stops its resources (DCP ends the processes it started), then itself.
            using (var terminate = Process.Start("kill", ["-TERM", appHost.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await terminate.WaitForExitAsync();
            }

            using var stop = new CancellationTokenSource(StopTimeout);
            try
            {
                await appHost.WaitForExitAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                appHost.Kill(entireProcessTree: true);
            }
        }

        _appHost?.Dispose();
        TryDelete(_root);
        TryDelete(Path.Combine(GlobalPackagesFolder(), "entraemulator.hosting", PackageVersion.ToLowerInvariant()));
    }

    private static string GlobalPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static void CopyDirectory(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "local-feed"))
            {
                continue; // a developer's own build of the sample
            }

            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a temporary folder.
        }
    }
}

/// <summary>The emulator's tenant.json: where it listens, its tenant and the applications' client ids.</summary>
internal sealed record EmulatedTenant(string Instance, string TenantId, string CertificatePath, Dictionary<string, string> Applications);
