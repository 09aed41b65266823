using System.Net;
using System.Net.Sockets;

namespace Hongbao.Api.Tests.Infrastructure;

public static class FreePorts
{
    /// <summary>Ports the OS just handed out; several factories (and test runs) can then co-exist.</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }
}
