using System.Security.Cryptography;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using AspireObo.AppHost.Dashboard;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AspireObo.Testing;

/// <summary>
/// The whole system as the AppHost runs it — EntraEmulator (unless Entra ID parameters are given), a real
/// redis-server, DownstreamApi and FrontApi replicas as real processes — through Aspire.Hosting.Testing on random
/// loopback ports, in a private data directory that is deleted afterwards.
/// </summary>
public sealed class RunningSystem : IAsyncDisposable
{
    /// <summary>A guard against a hung start, not a speed claim (a start takes seconds): the tests' bound, which the suite proves sufficient.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private static readonly string[] Resources = ["identity", "cache", "downstream", "front"];

    private readonly DirectoryInfo _dataDirectory;
    private readonly EmulatorFiles? _emulatorFiles;
    private readonly EmulatorClient? _identity;

    private RunningSystem(DistributedApplication app, DirectoryInfo dataDirectory, SystemOptions options, EmulatorFiles? emulatorFiles, IReadOnlyList<Uri> frontReplicas)
    {
        App = app;
        Options = options;
        _dataDirectory = dataDirectory;
        _emulatorFiles = emulatorFiles;
        FrontReplicas = frontReplicas;
        if (emulatorFiles is not null)
        {
            _identity = new EmulatorClient(EmulatorAddress, emulatorFiles.CertificatePath, options.EmulatorTimeout);
        }
    }

    public DistributedApplication App { get; }

    public SystemOptions Options { get; }

    /// <summary>The EntraEmulator's client (there is none when the system runs against Entra ID).</summary>
    public EmulatorClient Identity => _identity ?? throw NoEmulator();

    /// <summary>The key of the dashboard's telemetry API (<c>X-API-Key</c>); its address is <c>App.GetDashboardUrlAsync()</c>.</summary>
    public required string DashboardApiKey { get; init; }

    public Uri EmulatorAddress => App.GetEndpoint("identity", "https");

    /// <summary>The certificate the emulator serves HTTPS with, as the AppHost handed it to the emulator.</summary>
    public string EmulatorCertificatePath => (_emulatorFiles ?? throw NoEmulator()).CertificatePath;

    /// <summary>The local redis-server's directory: its append-only files and ACL file.</summary>
    public string RedisDataDirectory => Path.Combine(_dataDirectory.FullName, "redis");

    /// <summary>The emulator's persisted RSA signing key (PKCS#8 PEM): lets a test sign tokens the system trusts.</summary>
    public string EmulatorSigningKeyPath => (_emulatorFiles ?? throw NoEmulator()).SigningKeyPath;

    /// <summary>DownstreamApi's address as FrontApi reaches it (through Aspire's proxy).</summary>
    public Uri DownstreamAddress => App.GetEndpoint("downstream", "http");

    /// <summary>
    /// Each FrontApi replica's own address (Aspire's proxy balances per connection), ordered by replica id: the same
    /// index is the same process however often it is asked and in whatever order the replicas' notifications arrived.
    /// </summary>
    public IReadOnlyList<Uri> FrontReplicas { get; }

    public static async Task<RunningSystem> StartAsync(SystemOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        var dataDirectory = Directory.CreateTempSubdirectory("aspireobo-system-");
        DistributedApplication? app = null;
        var startCancellation = new CancellationTokenSource();
        try
        {
            var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
                new DistributedApplicationTestingBuilderOptions { EnableDashboard = options.EnableDashboard },
            [
                "--Redis:Mode=local",
                $"--Redis:DataDirectory={Path.Combine(dataDirectory.FullName, "redis")}",
                $"--EntraEmulator:DataDirectory={Path.Combine(dataDirectory.FullName, "identity")}",
                $"--Front:DataDirectory={Path.Combine(dataDirectory.FullName, "front")}",
                $"--Front:Replicas={options.FrontReplicas}",
                "--DcpPublisher:WaitForResourceCleanup=false",
                .. options.LoadTestUsers > 0 ? [LoadTestUsers.AppHostArgument(options.LoadTestUsers)] : Array.Empty<string>(),
                .. options.AppHostArguments,
            ], timeout.Token);
            var dashboardApiKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            appHost.Configuration["AppHost:DashboardApiKey"] = dashboardApiKey;

            // The tests' own requests log two lines each at Information: thousands in a load test, which bury a failed
            // test's message in the runner's output. Their failures still log.
            appHost.Services.AddLogging(logging => logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning));
            options.ConfigureAppHost?.Invoke(appHost);
            app = await appHost.BuildAsync(timeout.Token);

            // A resource that waits for one never healthy is never started, so the AppHost's start never completes:
            // it then goes on in the background, and is cancelled when the system is disposed.
            var startup = options.NotExpectedHealthy.Count == 0 ? null : new Startup(app.StartAsync(startCancellation.Token), startCancellation);
            if (startup is null)
            {
                await app.StartAsync(timeout.Token);
            }

            var present = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Select(resource => resource.Name).ToHashSet();
            var healthy = new Dictionary<string, ResourceEvent>();
            foreach (var resource in Resources.Where(present.Contains).Where(resource => !options.NotExpectedHealthy.Contains(resource)))
            {
                healthy[resource] = await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
            }

            var emulatorFiles = healthy.TryGetValue("identity", out var identity) ? EmulatorFiles.Of(identity.Snapshot) : null;
            var frontReplicas = options.NotExpectedHealthy.Contains("front")
                ? []
                : await ReplicaAddresses.FindAsync(app.ResourceNotifications, "front", options.FrontReplicas, timeout.Token);
            return new RunningSystem(app, dataDirectory, options, emulatorFiles, frontReplicas) { DashboardApiKey = dashboardApiKey, Starting = startup };
        }
        catch
        {
            await startCancellation.CancelAsync();
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            TryDelete(dataDirectory);
            throw;
        }
    }

    /// <summary>FrontApi's client secret, generated by the AppHost for this run (emulator mode).</summary>
    public async Task<string> GetFrontApiClientSecretAsync(CancellationToken cancellationToken)
    {
        var secret = App.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .OfType<ParameterResource>().Single(parameter => parameter.Name == "front-api-emulator-client-secret");
        return await secret.GetValueAsync(cancellationToken)
            ?? throw new InvalidOperationException("The AppHost generated no client secret.");
    }

    /// <summary>A client of FrontApi through Aspire's proxy (any replica).</summary>
    public HttpClient CreateFrontClient(AccessToken? token = null) => WithToken(App.CreateHttpClient("front", "http"), token);

    /// <summary>A client of DownstreamApi directly (it is only ever meant to be called by FrontApi).</summary>
    public HttpClient CreateDownstreamClient(AccessToken? token = null) => WithToken(App.CreateHttpClient("downstream", "http"), token);

    /// <summary>A client of one FrontApi replica (its own address, no balancing).</summary>
    public HttpClient CreateFrontReplicaClient(int replica, AccessToken token) =>
        WithToken(new HttpClient { BaseAddress = FrontReplicas[replica] }, token);

    /// <summary>One client per FrontApi replica, each talking to that replica's own address.</summary>
    public IReadOnlyList<HttpClient> CreateFrontReplicaClients(AccessToken token) =>
        [.. Enumerable.Range(0, FrontReplicas.Count).Select(replica => CreateFrontReplicaClient(replica, token))];

    public Task RestartAsync(string resource, CancellationToken cancellationToken) =>
        RunCommandAsync(resource, KnownResourceCommands.RestartCommand, cancellationToken, waitHealthy: true);

    public Task StopAsync(string resource, CancellationToken cancellationToken) =>
        RunCommandAsync(resource, KnownResourceCommands.StopCommand, cancellationToken, waitHealthy: false);

    public Task StartAsync(string resource, CancellationToken cancellationToken) =>
        RunCommandAsync(resource, KnownResourceCommands.StartCommand, cancellationToken, waitHealthy: true);

    /// <summary>The AppHost's start while it waits for a resource that is not expected to become healthy.</summary>
    private Startup? Starting { get; init; }

    public async ValueTask DisposeAsync()
    {
        _identity?.Dispose();
        if (Starting is not null)
        {
            await Starting.CancelAsync();
        }

        await App.DisposeAsync();
        TryDelete(_dataDirectory);
    }

    private async Task RunCommandAsync(string resource, string command, CancellationToken cancellationToken, bool waitHealthy)
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync(resource, command, cancellationToken);
        if (!result.Success)
        {
            throw new InvalidOperationException($"'{command}' on {resource} failed: {result.Message}");
        }

        if (waitHealthy)
        {
            // Right after the command the resource may still show the state its old process left (Exited): wait through
            // it for the new process to be healthy, bounded like a start.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, WaitBehavior.WaitOnResourceUnavailable, timeout.Token);
        }
        else
        {
            await App.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.TerminalStates, cancellationToken);
        }
    }

    private static HttpClient WithToken(HttpClient client, AccessToken? token)
    {
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token.Value);
        }

        return client;
    }

    private static InvalidOperationException NoEmulator() =>
        new("This system runs against Entra ID: there is no emulator resource.");

    private static void TryDelete(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Redis may still be flushing its append-only file; the temp folder is the OS's to clean then.
        }
    }

    private sealed record Startup(Task Task, CancellationTokenSource Cancellation)
    {
        public async Task CancelAsync()
        {
            await Cancellation.CancelAsync();
            try
            {
                await Task;
            }
            catch (OperationCanceledException)
            {
                // What cancelling a start that waits for an unhealthy resource does.
            }

            Cancellation.Dispose();
        }
    }
}
