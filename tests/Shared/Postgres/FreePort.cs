using System.Net;
using System.Net.Sockets;

namespace Hongbao.Testing;

public static class FreePort
{
    /// <summary>A loopback port nobody listens on right now (the OS picks it); callers retry if it is taken meanwhile.</summary>
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
