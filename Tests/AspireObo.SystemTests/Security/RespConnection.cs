using System.Net.Sockets;
using System.Text;

namespace AspireObo.SystemTests.Security;

/// <summary>
/// A bare Redis protocol (RESP) connection: sends one command, returns the first line of the reply
/// (<c>+OK</c>, <c>-NOPERM ...</c>, <c>*2</c>...). Bare on purpose: a client library may authenticate, retry or
/// translate errors; this shows exactly what the server answers whoever connects.
/// </summary>
public sealed class RespConnection : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private RespConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _reader = new StreamReader(_stream, Encoding.Latin1);
    }

    /// <summary>Opens a connection to the <c>host:port</c> at the start of a StackExchange.Redis connection string.</summary>
    public static async Task<RespConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var endpoint = connectionString.Split(',')[0];
        var separator = endpoint.LastIndexOf(':');
        var client = new TcpClient();
        await client.ConnectAsync(endpoint[..separator], int.Parse(endpoint[(separator + 1)..], System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        return new RespConnection(client);
    }

    /// <summary>AUTH with the <c>user</c> and <c>password</c> of a connection string; returns the reply.</summary>
    public Task<string> AuthenticateAsync(string connectionString, CancellationToken cancellationToken)
    {
        var settings = connectionString.Split(',').Skip(1).Select(pair => pair.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);
        return settings.TryGetValue("user", out var user)
            ? SendAsync(cancellationToken, "AUTH", user, settings["password"])
            : SendAsync(cancellationToken, "AUTH", settings["password"]);
    }

    public async Task<string> SendAsync(CancellationToken cancellationToken, params string[] command)
    {
        var request = new StringBuilder().Append('*').Append(command.Length).Append("\r\n");
        foreach (var part in command)
        {
            request.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }

        await _stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), cancellationToken);
        var reply = await _reader.ReadLineAsync(cancellationToken) ?? throw new IOException("Redis closed the connection.");
        await SkipRestOfReplyAsync(reply, cancellationToken);
        return reply;
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
        _client.Dispose();
    }

    // Bulk strings and arrays continue on further lines; read them so the next command's reply starts clean.
    private async Task SkipRestOfReplyAsync(string reply, CancellationToken cancellationToken)
    {
        if (reply.StartsWith('$') && int.Parse(reply.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture) >= 0)
        {
            await _reader.ReadLineAsync(cancellationToken);
        }
        else if (reply.StartsWith('*'))
        {
            for (var i = int.Parse(reply.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture); i > 0; i--)
            {
                await SkipRestOfReplyAsync(await _reader.ReadLineAsync(cancellationToken) ?? "", cancellationToken);
            }
        }
    }
}
