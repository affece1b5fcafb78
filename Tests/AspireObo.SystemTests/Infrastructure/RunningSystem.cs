using Aspire.Hosting.ApplicationModel;

namespace AspireObo.SystemTests.Infrastructure;

/// <summary>How a test wants the system started.</summary>
public sealed record SystemOptions
{
    public int FrontReplicas { get; init; } = 1;

    /// <summary>Extra AppHost arguments (<c>--Key=value</c>), e.g. to change a resource's configuration.</summary>
    public IReadOnlyList<string> AppHostArguments { get; init; } = [];

    /// <summary>Changes to the AppHost's model before it starts, e.g. extra environment variables on a resource.</summary>
    public Action<IDistributedApplicationTestingBuilder>? ConfigureAppHost { get; init; }
}

/// <summary>
/// The whole system as the AppHost runs it — EntraEmulator, a real redis-server, DownstreamApi and FrontApi
/// replicas as real processes — in a private data directory that is deleted afterwards.
/// </summary>
public sealed class RunningSystem : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private static readonly string[] Resources = ["identity", "cache", "downstream", "front"];

    private readonly DirectoryInfo _dataDirectory;

    private RunningSystem(DistributedApplication app, DirectoryInfo dataDirectory, SystemOptions options)
    {
        App = app;
        Options = options;
        _dataDirectory = dataDirectory;
        Identity = new EmulatorClient(app.GetEndpoint("identity", "https"), EmulatorCertificatePath);
    }

    public DistributedApplication App { get; }

    public SystemOptions Options { get; }

    public EmulatorClient Identity { get; }

    /// <summary>The key of the dashboard's telemetry API (<c>X-API-Key</c>); its address is <c>App.GetDashboardUrlAsync()</c>.</summary>
    public required string DashboardApiKey { get; init; }

    public string EmulatorCertificatePath => Path.Combine(_dataDirectory.FullName, "identity", "entra-emulator.crt");

    /// <summary>The local redis-server's directory: its append-only files and ACL file.</summary>
    public string RedisDataDirectory => Path.Combine(_dataDirectory.FullName, "redis");

    /// <summary>The emulator's persisted RSA signing key (PKCS#8 PEM): lets a test sign tokens the system trusts.</summary>
    public string EmulatorSigningKeyPath => Path.Combine(_dataDirectory.FullName, "identity", "signing-key.pem");

    public static async Task<RunningSystem> StartAsync(SystemOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        var dataDirectory = Directory.CreateTempSubdirectory("aspireobo-tests-");

        // With the dashboard on, the services' OTLP exporters have somewhere to send: they stop in under a second
        // instead of blocking ~10 s on a final flush, and the telemetry can be read back through its API.
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            new DistributedApplicationTestingBuilderOptions { EnableDashboard = true },
        [
            "--Redis:Mode=local",
            $"--Redis:DataDirectory={Path.Combine(dataDirectory.FullName, "redis")}",
            $"--EntraEmulator:DataDirectory={Path.Combine(dataDirectory.FullName, "identity")}",
            $"--Front:DataDirectory={Path.Combine(dataDirectory.FullName, "front")}",
            $"--Front:Replicas={options.FrontReplicas}",
            "--DcpPublisher:WaitForResourceCleanup=false",
            .. options.AppHostArguments,
        ], timeout.Token);
        var dashboardApiKey = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        appHost.Configuration["AppHost:DashboardApiKey"] = dashboardApiKey;
        options.ConfigureAppHost?.Invoke(appHost);

        var app = await appHost.BuildAsync(timeout.Token);
        try
        {
            await app.StartAsync(timeout.Token);
            foreach (var resource in Resources)
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
            }
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new RunningSystem(app, dataDirectory, options) { DashboardApiKey = dashboardApiKey };
    }

    /// <summary>A client of FrontApi through Aspire's proxy (any replica).</summary>
    public HttpClient CreateFrontClient(AccessToken? token = null) => WithToken(App.CreateHttpClient("front", "http"), token);

    /// <summary>A client of DownstreamApi directly (it is only ever meant to be called by FrontApi).</summary>
    public HttpClient CreateDownstreamClient(AccessToken? token = null) => WithToken(App.CreateHttpClient("downstream", "http"), token);

    /// <summary>One client per FrontApi replica, each talking to that replica's own address.</summary>
    public async Task<IReadOnlyList<HttpClient>> CreateFrontReplicaClientsAsync(AccessToken token, CancellationToken cancellationToken)
    {
        var addresses = new Dictionary<string, Uri>();
        await foreach (var update in App.ResourceNotifications.WatchAsync(cancellationToken))
        {
            if (update.Resource.Name == "front"
                && update.Snapshot.EnvironmentVariables.FirstOrDefault(variable => variable.Name == "ASPNETCORE_URLS")?.Value is { Length: > 0 } urls)
            {
                addresses[update.ResourceId] = new Uri(urls.Split(';')[0]);
            }

            if (addresses.Count == Options.FrontReplicas)
            {
                break;
            }
        }

        return addresses.Values.Select(address => WithToken(new HttpClient { BaseAddress = address }, token)).ToList();
    }

    /// <summary>
    /// One authenticated call through every FrontApi replica (and so DownstreamApi), as a user nobody else in the test
    /// uses: authority metadata, MSAL's application and connection pools are then loaded. A burst of cold first requests
    /// can starve a fresh process's thread pool while it fetches the authority's metadata; tests about steady load or
    /// OBO counts warm up first.
    /// </summary>
    public async Task WarmUpFrontReplicasAsync(DevUser user, CancellationToken cancellationToken)
    {
        var replicas = await CreateFrontReplicaClientsAsync(await Identity.GetUserTokenAsync(user, cancellationToken), cancellationToken);
        foreach (var replica in replicas)
        {
            using (replica)
            using (var response = await replica.GetAsync("/api/me", cancellationToken))
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            }
        }
    }

    public Task RestartAsync(string resource, CancellationToken cancellationToken) =>
        RunCommandAsync(resource, KnownResourceCommands.RestartCommand, cancellationToken, waitHealthy: true);

    public Task StopAsync(string resource, CancellationToken cancellationToken) =>
        RunCommandAsync(resource, KnownResourceCommands.StopCommand, cancellationToken, waitHealthy: false);

    public Task StartAsync(string resource, CancellationToken cancellationToken) =>
        RunCommandAsync(resource, KnownResourceCommands.StartCommand, cancellationToken, waitHealthy: true);

    public async ValueTask DisposeAsync()
    {
        Identity.Dispose();
        await App.DisposeAsync();
        try
        {
            _dataDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Redis may still be flushing its append-only file; the temp folder is the OS's to clean then.
        }
    }

    private async Task RunCommandAsync(string resource, string command, CancellationToken cancellationToken, bool waitHealthy)
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync(resource, command, cancellationToken);
        Assert.True(result.Success, $"'{command}' on {resource} failed: {result.Message}");
        if (waitHealthy)
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellationToken);
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
}
