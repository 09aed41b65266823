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
        try
        {
            await grains.Wallet(ProbeWalletId).GetBalanceAsync().WaitAsync(ProbeTimeout, cancellationToken);
            if (services.GetService<SqliteDataSource>() is { } sqlite)
            {
                await using var command = sqlite.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(cancellationToken).WaitAsync(ProbeTimeout, cancellationToken);
            }

            return HealthCheckResult.Healthy();
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The engine or its storage does not answer.", error);
        }
    }
}
