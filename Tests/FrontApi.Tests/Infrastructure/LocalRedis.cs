using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

[assembly: AssemblyFixture(typeof(FrontApi.Tests.Infrastructure.LocalRedis))]

namespace FrontApi.Tests.Infrastructure;

/// <summary>
/// A throwaway redis-server for FrontApi in process: it reads its Data Protection keys from Redis at startup, and the
/// token cache's L2 lives there (scripts/ensure-prerequisites.sh installs redis-server).
/// </summary>
public sealed class LocalRedis : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private Process? _server;

    /// <summary>The connection string of the running server (set once the fixture has started).</summary>
    public static string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var port = FreePort();
        _server = Process.Start(new ProcessStartInfo("redis-server", ["--port", $"{port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start (scripts/ensure-prerequisites.sh installs it).");
        _server.OutputDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();

        using var timeout = new CancellationTokenSource(StartTimeout);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
                break;
            }
            catch (SocketException)
            {
                await Task.Delay(50, timeout.Token);
            }
        }

        ConnectionString = $"127.0.0.1:{port}";
    }

    public ValueTask DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill();
            _server.WaitForExit();
        }

        _server?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
