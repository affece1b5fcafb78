using System.Net;
using System.Net.Sockets;

namespace AspireObo.Testing;

/// <summary>Ports for servers the tests and the benchmark start themselves on loopback.</summary>
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
