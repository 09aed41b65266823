using Hongbao.Cluster.Tests.Infrastructure;
using Npgsql;

namespace Hongbao.Cluster.Tests.Storage;

/// <summary>Failure tests rely on taking the database away and getting it back with its data.</summary>
[Collection(StorageCollection.Name)]
public sealed class PostgresServerTests(PostgresServer server)
{
    [Fact]
    public async Task Stopped_server_refuses_connections_and_restarts_with_its_data_on_the_same_port()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await ExecuteAsync(connectionString, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (42);");
        var port = server.Port;

        await server.StopAsync();
        try
        {
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => ExecuteAsync(connectionString, "SELECT 1"));
        }
        finally
        {
            await server.StartAsync();
        }

        Assert.Equal(port, server.Port);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT v FROM kept");
        Assert.Equal(42, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
