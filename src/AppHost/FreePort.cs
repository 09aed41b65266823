using System.Net;
using System.Net.Sockets;

namespace Hongbao.AppHost;

/// <summary>A loopback port nobody listens on right now, for the processes that are not HTTP (Orleans, PostgreSQL).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
