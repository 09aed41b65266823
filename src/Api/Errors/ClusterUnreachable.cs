using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Orleans.Runtime.Messaging;

namespace Hongbao.Api.Errors;

/// <summary>
/// Failures of the way to the grains rather than of the grains: a gateway or silo that died or refused a
/// connection, a connection cut mid-call, a gateway shedding load. Orleans raises them in cluster mode while
/// membership catches up with a dead silo; the call was not acknowledged, another gateway or a re-activated grain
/// answers shortly, so the caller is told to retry (503) and never sees a 500.
/// </summary>
public static class ClusterUnreachable
{
    public static bool Is(Exception exception) => exception
        is SiloUnavailableException
        or OrleansMessageRejectionException
        or GatewayTooBusyException
        or ConnectionFailedException
        or ConnectionAbortedException
        or ConnectionResetException
        or SocketException;
}
