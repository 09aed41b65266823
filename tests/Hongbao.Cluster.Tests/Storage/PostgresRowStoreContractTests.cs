using Hongbao.Cluster.Tests.Infrastructure;
using Hongbao.Storage.Postgres;
using Hongbao.Storage.Rows;
using Hongbao.Testing.StorageContract;
using Npgsql;

namespace Hongbao.Cluster.Tests.Storage;

/// <summary>The storage contract on a real PostgreSQL: one NpgsqlBatch per transaction, each change with its own checks.</summary>
[Collection(StorageCollection.Name)]
public sealed class PostgresRowStoreContractTests(PostgresServer server) : RowStoreContract
{
    private NpgsqlDataSource? dataSource;

    protected override async Task<IRowDatabase> CreateDatabaseAsync()
    {
        dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        await PostgresSchema.ApplyAsync(dataSource, CancellationToken.None);
        return new PostgresRowDatabase(dataSource);
    }

    protected override async ValueTask DisposeDatabaseAsync()
    {
        if (dataSource is not null)
        {
            await dataSource.DisposeAsync();
        }
    }
}
