using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

[assembly: AssemblyFixture(typeof(AspireObo.RealTenantTests.Infrastructure.LocalRedis))]

namespace AspireObo.RealTenantTests.Infrastructure;

/// <summary>
/// A throwaway redis-server for the in-process APIs: FrontApi reads its Data Protection keys from Redis at startup,
/// and against an unreachable Redis every start would wait out the connection timeouts.
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

        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await AnswersPingAsync(port))
        {
            if (_server.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"redis-server did not answer on port {port}.");
            }

            await Task.Delay(50);
        }

        ConnectionString = $"127.0.0.1:{port}";
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill();
            await _server.WaitForExitAsync();
        }

        _server?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AnswersPingAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return read > 0 && buffer[0] == (byte)'+';
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
