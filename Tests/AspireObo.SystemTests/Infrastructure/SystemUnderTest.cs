using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace AspireObo.SystemTests.Infrastructure;

/// <summary>
/// The whole system as the AppHost runs it — EntraEmulator, a real redis-server, DownstreamApi and two FrontApi
/// replicas as real processes — started once and shared by the tests of a collection.
/// </summary>
public sealed class SystemUnderTest : IAsyncLifetime
{
    public const string CollectionName = "Whole system";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private static readonly string[] Resources = ["identity", "cache", "downstream", "front"];

    private readonly DirectoryInfo _dataDirectory = Directory.CreateTempSubdirectory("aspireobo-tests-");
    private DistributedApplication? _app;
    private EmulatorClient? _identity;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The system is not started.");

    public EmulatorClient Identity => _identity ?? throw new InvalidOperationException("The system is not started.");

    public int FrontReplicas => 2;

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            "--Redis:Mode=local",
            $"--Redis:DataDirectory={Path.Combine(_dataDirectory.FullName, "redis")}",
            $"--EntraEmulator:DataDirectory={Path.Combine(_dataDirectory.FullName, "identity")}",
            $"--Front:Replicas={FrontReplicas}",
            "--DcpPublisher:WaitForResourceCleanup=false",
        ], timeout.Token);

        _app = await appHost.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        foreach (var resource in Resources)
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }

        _identity = new EmulatorClient(
            _app.GetEndpoint("identity", "https"),
            Path.Combine(_dataDirectory.FullName, "identity", "entra-emulator.crt"));
    }

    /// <summary>A client of FrontApi through Aspire's proxy (any replica).</summary>
    public HttpClient CreateFrontClient(AccessToken? token = null) => WithToken(App.CreateHttpClient("front", "http"), token);

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

            if (addresses.Count == FrontReplicas)
            {
                break;
            }
        }

        return addresses.Values.Select(address => WithToken(new HttpClient { BaseAddress = address }, token)).ToList();
    }

    public async Task RestartAsync(string resource, CancellationToken cancellationToken)
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.RestartCommand, cancellationToken);
        Assert.True(result.Success, $"Restarting {resource} failed: {result.ErrorMessage}");
        await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _identity?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        try
        {
            _dataDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Redis may still be flushing its append-only file; the temp folder is the OS's to clean then.
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

[CollectionDefinition(SystemUnderTest.CollectionName)]
public sealed class SystemCollection : ICollectionFixture<SystemUnderTest>;
