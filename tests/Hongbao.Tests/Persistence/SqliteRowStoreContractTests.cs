using Hongbao.Storage.Rows;
using Hongbao.Storage.Sqlite;
using Hongbao.Testing.StorageContract;
using Hongbao.Tests.Infrastructure;

namespace Hongbao.Tests.Persistence;

/// <summary>The storage contract on a real SQLite file.</summary>
public sealed class SqliteRowStoreContractTests : RowStoreContract
{
    private readonly TempDatabase file = new();
    private SqliteDataSource? dataSource;
    private SqliteRowDatabase? rows;

    protected override async Task<IRowDatabase> CreateDatabaseAsync()
    {
        dataSource = new SqliteDataSource($"Data Source={file.Path}", SqliteSynchronous.Full, TimeSpan.FromMilliseconds(200));
        await SqliteSchema.ApplyAsync(dataSource.ConnectionString, CancellationToken.None);
        rows = new SqliteRowDatabase(dataSource);
        return rows;
    }

    protected override async ValueTask DisposeDatabaseAsync()
    {
        rows?.Dispose();
        if (dataSource is not null)
        {
            await dataSource.DisposeAsync();
        }

        file.Dispose();
    }
}
