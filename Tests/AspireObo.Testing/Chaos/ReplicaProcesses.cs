using System.Collections.Concurrent;
using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace AspireObo.Testing.Chaos;

/// <summary>
/// The processes behind one project's replicas, as Aspire reports them (each replica's id, process id and address),
/// so that a test can kill one as the operating system would (SIGKILL: no shutdown, no flush) and start it again.
/// </summary>
public sealed class ReplicaProcesses : IAsyncDisposable
{
    private readonly DistributedApplication _app;
    private readonly string _resource;
    private readonly ConcurrentDictionary<string, CustomResourceSnapshot> _latest = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _history = new();

    public string History => string.Join(Environment.NewLine, _history);
    private readonly Task _watching;

    public ReplicaProcesses(DistributedApplication app, string resource)
    {
        _app = app;
        _resource = resource;
        _watching = Task.Run(WatchAsync);
    }

    /// <summary>
    /// The process serving at <paramref name="address"/>: Aspire reports the pid of <c>dotnet run</c>, whose child is the
    /// server itself (the one whose memory a soak run watches).
    /// </summary>
    public int ServerProcessId(Uri address)
    {
        var (id, snapshot) = _latest.First(replica => AddressOf(replica.Value) is { } listening && listening.Port == address.Port);
        var pid = Convert.ToInt32(snapshot.Properties.FirstOrDefault(property => property.Name == "executable.pid")?.Value
            ?? throw new InvalidOperationException($"Aspire reports no process id for replica {id}."), System.Globalization.CultureInfo.InvariantCulture);
        var children = $"/proc/{pid}/task/{pid}/children";
        return File.Exists(children) && File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var child, ..]
            ? int.Parse(child, System.Globalization.CultureInfo.InvariantCulture)
            : pid;
    }

    /// <summary>Kills the replica listening at <paramref name="address"/> with SIGKILL; returns its replica id.</summary>
    public async Task<string> KillAsync(Uri address, CancellationToken cancellationToken)
    {
        var (id, snapshot) = _latest.First(replica => AddressOf(replica.Value) is { } listening && listening.Port == address.Port);
        var pid = snapshot.Properties.FirstOrDefault(property => property.Name == "executable.pid")?.Value
            ?? throw new InvalidOperationException($"Aspire reports no process id for replica {id}.");
        using var process = Process.GetProcessById(Convert.ToInt32(pid, System.Globalization.CultureInfo.InvariantCulture));
        // SIGKILL on Linux, to the whole tree: Aspire runs a project as `dotnet run`, whose child is the server itself.
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(cancellationToken);
        return id;
    }

    /// <summary>Starts the replica <paramref name="id"/> again and waits until it answers <c>/health</c>; returns its address.</summary>
    public async Task<Uri> StartAsync(string id, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        // Start only once Aspire has seen the process end: a start while it is still tearing the old one down can run a
        // process it then no longer tracks (one that outlives the test).
        while (!(_latest.TryGetValue(id, out var exited) && KnownResourceStates.TerminalStates.Contains(exited.State?.Text)))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), bounded.Token);
        }

        var result = await _app.ResourceCommands.ExecuteCommandAsync(id, KnownResourceCommands.StartCommand, bounded.Token);
        if (!result.Success)
        {
            throw new InvalidOperationException($"Starting replica {id} again failed: {result.Message}");
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (_latest.TryGetValue(id, out var snapshot) && snapshot.State?.Text == KnownResourceStates.Running && AddressOf(snapshot) is { } address)
            {
                try
                {
                    using var health = await http.GetAsync(new Uri(address, "/health"), bounded.Token);
                    if (health.IsSuccessStatusCode)
                    {
                        return address;
                    }
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), bounded.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _watching;
        }
        catch (OperationCanceledException)
        {
            // stopped watching
        }

        _stop.Dispose();
    }

    private async Task WatchAsync()
    {
        await foreach (var update in _app.ResourceNotifications.WatchAsync(_stop.Token))
        {
            if (update.Resource.Name == _resource)
            {
                _latest[update.ResourceId] = update.Snapshot;
                _history.Enqueue($"{update.ResourceId}: {update.Snapshot.State?.Text} pid={update.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value}");
            }
        }
    }

    private static Uri? AddressOf(CustomResourceSnapshot snapshot) =>
        snapshot.EnvironmentVariables.FirstOrDefault(variable => variable.Name == "ASPNETCORE_URLS")?.Value is { Length: > 0 } urls
            ? new Uri(urls.Split(';')[0])
            : null;
}
