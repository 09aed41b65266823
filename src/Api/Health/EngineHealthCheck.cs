using Hongbao.Grains.Common;
using Hongbao.Silo.Storage.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hongbao.Api.Health;

/// <summary>
/// Ready when a grain call makes the round trip through the silo or cluster and, embedded, the SQLite file answers a query.
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
            if (services.GetService<SqliteDataSource>() is { } sqlite)
            {
                await using var command = sqlite.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(timeout.Token);
            }

            return HealthCheckResult.Healthy();
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The engine or its storage does not answer.", error);
        }
    }
}
