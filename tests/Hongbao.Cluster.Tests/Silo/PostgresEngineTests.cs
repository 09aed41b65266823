using Hongbao.Cluster.Tests.Infrastructure;
using Hongbao.Contracts.Common;
using Hongbao.Contracts.Envelopes;
using Hongbao.Contracts.Wallets;
using Npgsql;

namespace Hongbao.Cluster.Tests.Silo;

/// <summary>The engine's grain state and reminders on PostgreSQL survive a whole-cluster restart.</summary>
[Collection(SiloCollection.Name)]
public sealed class PostgresEngineTests(PostgresServer server)
{
    [Fact]
    public async Task Balances_envelopes_and_reminders_survive_a_cluster_restart()
    {
        var connectionString = await server.CreateDatabaseAsync();
        var serviceId = "hongbao-" + Guid.NewGuid().ToString("N");
        string envelopeId;

        await using (var first = await PostgresEngine.StartAsync(connectionString, serviceId))
        {
            var deposit = await first.Client.Wallet("alice").DepositAsync(100, "k1");
            Assert.Equal(100, deposit.BalanceFen);
            var created = await first.Client.Wallet("alice").CreateEnvelopeAsync(
                new EnvelopeSpec(EnvelopeKind.Lucky, 60, null, 3, "hi", ImmutableArray<string>.Empty, null), "e1");
            Assert.Equal(CreateEnvelopeOutcome.Created, created.Outcome);
            envelopeId = created.Envelope!.EnvelopeId;
        }

        Assert.True(await CountAsync(connectionString, "SELECT count(*) FROM hongbao_reminders WHERE service_id = @service", serviceId) > 0,
            "the envelope's expiry reminder is stored in PostgreSQL");

        await using var second = await PostgresEngine.StartAsync(connectionString, serviceId);
        Assert.Equal(40, (await second.Client.Wallet("alice").GetBalanceAsync()).BalanceFen);
        var envelope = await second.Client.Envelope(envelopeId).GetDetailsAsync();
        Assert.NotNull(envelope);
        Assert.Equal(60, envelope.RemainingFen);
        Assert.Equal(DepositOutcome.Replayed, (await second.Client.Wallet("alice").DepositAsync(100, "k1")).Outcome);
        Assert.Equal(40, (await second.Client.Wallet("alice").GetBalanceAsync()).BalanceFen);
    }

    private static async Task<long> CountAsync(string connectionString, string sql, string serviceId)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("service", serviceId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
