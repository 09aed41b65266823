using Hongbao.Contracts.Common;
using Hongbao.Storage.Backends;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hongbao.Api.Health;

/// <summary>
/// Ready when a grain call makes the round trip through the silo or cluster and, embedded, the storage backend answers its probe.
/// </summary>
public sealed class EngineHealthCheck(IGrainFactory grains, IServiceProvider services) : IHealthCheck
{
    // Not a valid user id, so the probe never shares a wallet with a real user.
    private const string ProbeWalletId = "health:probe";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // The timeout cancels the probe itself, so a slow database never keeps an abandoned probe queued behind writers.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await grains.Wallet(ProbeWalletId).GetBalanceAsync().WaitAsync(timeout.Token);
            // Embedded, the silo's storage backend lives in this process and answers its own probe; a cluster client has none.
            if (services.GetService<IStorageProbe>() is { } storage)
            {
                await storage.ProbeAsync(timeout.Token);
            }

            return HealthCheckResult.Healthy();
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The engine or its storage does not answer.", error);
        }
    }
}
