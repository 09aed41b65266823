namespace Hongbao.Api.Cluster;

/// <summary>
/// Tells the grain calls in flight that one of the Orleans client's gateway connections has just closed. A gateway
/// connection closes when its silo dies or shuts down (a killed process's sockets are closed by the operating
/// system at once), and a call whose answer would have come back through it, or from a grain on that silo, then
/// never gets one: Orleans' client keeps it waiting for its whole response timeout, because it fails calls to a
/// silo only when membership declares that silo dead, which a client never does for its gateways.
/// </summary>
public sealed class GatewayLoss
{
    private CancellationTokenSource current = new();

    /// <summary>Cancelled when a gateway connection closes after this token was read.</summary>
    public CancellationToken Token => Volatile.Read(ref current).Token;

    /// <summary>Orleans' gateway-count notification: a lower count means a gateway connection closed.</summary>
    public void OnGatewayCountChanged(object? sender, GatewayCountChangedEventArgs change)
    {
        if (change.NumberOfConnectedGateways >= change.PreviousNumberOfConnectedGateways)
        {
            return;
        }

        // Calls started from now on wait on the new source; the ones in flight are released. The old source has no
        // timer to release and a call may still be registering on its token, so it is left to the collector.
        // Cancelled asynchronously: the notification comes on Orleans' networking thread, which must not run callers.
        var lost = Interlocked.Exchange(ref current, new CancellationTokenSource());
        _ = lost.CancelAsync();
    }
}
