namespace Hongbao.Api.Cluster;

public static class GatewayLossSetup
{
    /// <summary>An API node in cluster mode fails its engine calls in flight when a gateway connection closes (see <see cref="GatewayLoss"/>).</summary>
    public static IClientBuilder FailCallsInFlightOnGatewayLoss(this IClientBuilder client)
    {
        client.Services.AddSingleton<GatewayLoss>();
        return client
            .AddGatewayCountChangedHandler(services => services.GetRequiredService<GatewayLoss>().OnGatewayCountChanged)
            .AddOutgoingGrainCallFilter<GatewayLossCallFilter>();
    }
}
