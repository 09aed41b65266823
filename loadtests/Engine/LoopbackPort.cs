using System.Net;
using System.Net.Sockets;

namespace Hongbao.LoadTests.Engine;

public static class LoopbackPort
{
    /// <summary>A port free on 127.0.0.1 right now, for an in-process engine's silo, gateway or HTTP listener.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
