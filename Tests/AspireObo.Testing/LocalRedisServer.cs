using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AspireObo.AppHost;

namespace AspireObo.Testing;

/// <summary>
/// A throwaway redis-server on a free loopback port, for services run in process (scripts/ensure-prerequisites.sh installs
/// redis-server). Started means it answered <c>PING</c>: a port that merely accepts a connection could be another
/// process's, and a test run against it would only time out.
/// </summary>
public sealed class LocalRedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    // Task.Run: no test framework's synchronization context under the one wait for the start.
    private static readonly Lazy<LocalRedisServer> SharedServer = new(() =>
    {
        var server = Task.Run(StartAsync).GetAwaiter().GetResult();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    });

    private readonly Process _server;

    private LocalRedisServer(Process server, int port)
    {
        _server = server;
        ConnectionString = $"127.0.0.1:{port}";
    }

    public string ConnectionString { get; }

    /// <summary>
    /// One server for the whole test process, started on first use and stopped when the process exits: what in-process
    /// hosts need (FrontApi reads its Data Protection keys from Redis at startup and keeps its token cache's L2 there).
    /// </summary>
    public static LocalRedisServer Shared => SharedServer.Value;

    public static async Task<LocalRedisServer> StartAsync()
    {
        var port = LoopbackPorts.Free();
        var process = Process.Start(new ProcessStartInfo("redis-server", ["--port", $"{port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start (scripts/ensure-prerequisites.sh installs it).");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var server = new LocalRedisServer(process, port);

        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await AnswersPingAsync(port))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"redis-server did not answer on port {port}.");
            }

            await Task.Delay(50);
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_server.HasExited)
        {
            _server.Kill();
            await _server.WaitForExitAsync();
        }

        _server.Dispose();
    }

    private void Stop()
    {
        if (!_server.HasExited)
        {
            _server.Kill();
            _server.WaitForExit();
        }
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
