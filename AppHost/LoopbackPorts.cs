using System.Net;
using System.Net.Sockets;

namespace AspireObo.AppHost;

/// <summary>Ports for servers started on loopback without Aspire's proxy: the local redis-server, the tests' and the benchmark's own.</summary>
public static class LoopbackPorts
{
    /// <summary>A port nothing listens on now (the operating system's choice; free until someone binds it).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
