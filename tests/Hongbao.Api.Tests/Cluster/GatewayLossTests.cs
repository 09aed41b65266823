using Hongbao.Api.Cluster;
using Hongbao.Contracts.Envelopes;

namespace Hongbao.Api.Tests.Cluster;

/// <summary>
/// The API node's answer to a gateway connection that closes under a call: the engine calls in flight fail at once as
/// unavailable (503), the rest is untouched. Waiting out the call timeout instead would use up, alone, the 5 s bound on
/// how long a dead silo's envelopes stay unavailable (docs/operations.md); the cluster-level figure is DeadSiloTests'.
/// </summary>
public sealed class GatewayLossTests
{
    /// <summary>Far beyond the microseconds the filter needs, far below Orleans' 5 s call timeout it replaces.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    private readonly GatewayLoss gatewayLoss = new();

    [Fact]
    public async Task An_engine_call_in_flight_fails_as_unavailable_when_a_gateway_connection_closes()
    {
        var answer = new TaskCompletionSource();
        var calling = new GatewayLossCallFilter(gatewayLoss).Invoke(CallContext.Of(typeof(IEnvelopeGrain), answer.Task));
        Assert.False(calling.IsCompleted);

        gatewayLoss.OnGatewayCountChanged(null, new GatewayCountChangedEventArgs(2, 3));

        await Assert.ThrowsAsync<SiloUnavailableException>(() => calling.WaitAsync(Patience, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void A_closed_gateway_connection_releases_the_calls_before_it_and_a_new_one_releases_nothing()
    {
        var before = gatewayLoss.Token;
        gatewayLoss.OnGatewayCountChanged(null, new GatewayCountChangedEventArgs(2, 3));
        var after = gatewayLoss.Token;
        gatewayLoss.OnGatewayCountChanged(null, new GatewayCountChangedEventArgs(3, 2));

        Assert.True(before.IsCancellationRequested);
        Assert.False(after.IsCancellationRequested);
    }

    [Fact]
    public async Task Calls_to_Orleans_own_interfaces_are_left_to_Orleans()
    {
        var engineCall = new GatewayLossCallFilter(gatewayLoss).Invoke(CallContext.Of(typeof(IEnvelopeGrain), new TaskCompletionSource().Task));
        var answer = new TaskCompletionSource();
        var orleansCall = new GatewayLossCallFilter(gatewayLoss).Invoke(CallContext.Of(typeof(IGrainWithStringKey), answer.Task));

        gatewayLoss.OnGatewayCountChanged(null, new GatewayCountChangedEventArgs(0, 1));
        // The engine call fails once the loss has been handed to the calls in flight (callbacks run last-registered
        // first, so a wrongly released Orleans call would already have failed too).
        await Assert.ThrowsAsync<SiloUnavailableException>(() => engineCall.WaitAsync(Patience, TestContext.Current.CancellationToken));
        Assert.False(orleansCall.IsCompleted);
        answer.SetResult();

        await orleansCall.WaitAsync(Patience, TestContext.Current.CancellationToken);
    }
}
