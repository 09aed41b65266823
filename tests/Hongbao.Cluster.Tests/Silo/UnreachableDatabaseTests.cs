using Hongbao.Cluster.Tests.Infrastructure;
using Npgsql;

namespace Hongbao.Cluster.Tests.Silo;

/// <summary>An operator who points a silo at the wrong database learns where it looked, not a bare socket error.</summary>
[Collection(SiloCollection.Name)]
public sealed class UnreachableDatabaseTests
{
    [Fact]
    public async Task Silo_start_fails_with_the_database_address_when_PostgreSQL_is_unreachable()
    {
        var port = FreePort.Next();
        var connectionString = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Database = "hongbao", Username = "hongbao", Timeout = 2 }.ConnectionString;

        var error = await Assert.ThrowsAnyAsync<Exception>(() => PostgresEngine.StartAsync(connectionString, "unreachable"));

        // ToString carries the inner exceptions, wherever Orleans wraps the installer's error.
        Assert.Contains($"PostgreSQL at 127.0.0.1:{port} (database 'hongbao') is unreachable", error.ToString(), StringComparison.Ordinal);
    }
}
