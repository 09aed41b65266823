using Hongbao.Contracts.Common;
using Hongbao.Storage.Backends;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Hongbao.Api.Health;

/// <summary>
/// Probes the engine on a timer, one probe at a time: a grain call makes the round trip through the silo or
/// cluster and, embedded, the storage backend answers its probe. Requests to /health/ready only read the result,
/// so flooding them cannot reach the probe grain or the database.
/// </summary>
public sealed class EngineReadinessMonitor(
    IGrainFactory grains, IServiceProvider services, EngineReadiness readiness, IOptions<HealthOptions> options, ILogger<EngineReadinessMonitor> logger)
    : BackgroundService
{
    // Not a valid user id, so the probe never shares a wallet with a real user.
    public const string ProbeWalletId = "health:probe";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.ReadinessRefresh);
        do
        {
            var result = await ProbeAsync(settings.ReadinessTimeout, stoppingToken);
            if (result.Status != HealthStatus.Healthy)
            {
                logger.LogWarning(result.Exception, "Engine readiness probe failed: {Description}", result.Description);
            }

            readiness.Record(result);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<HealthCheckResult> ProbeAsync(TimeSpan timeout, CancellationToken stoppingToken)
    {
        // The timeout cancels the probe itself, so a slow database never keeps an abandoned probe queued behind writers.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        deadline.CancelAfter(timeout);
        try
        {
            await grains.Wallet(ProbeWalletId).GetBalanceAsync().WaitAsync(deadline.Token);
            // Embedded, the silo's storage backend lives in this process and answers its own probe; a cluster client has none.
            if (services.GetService<IStorageProbe>() is { } storage)
            {
                await storage.ProbeAsync(deadline.Token);
            }

            return HealthCheckResult.Healthy();
        }
        catch (Exception error) when (!stoppingToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The engine or its storage does not answer.", error);
        }
    }
}
