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

    /// <summary>SQLite text is bound with its length: a value holding U+0000 is stored whole, not cut at the NUL.</summary>
    [Fact]
    public async Task Text_holding_a_nul_character_reads_back_whole()
    {
        Database.Release();
        const string operationId = "deposit:a\u0000b";

        Assert.Equal(Hongbao.Grains.Persistence.RowWriteOutcome.Committed, await Store.WriteAsync(WalletWrites.Opening("nul", 5, operationId)));

        var applied = await Store.FindOperationAsync("user:nul", operationId);
        Assert.NotNull(applied);
        Assert.Equal(operationId, applied.OperationId);
        Assert.Null(await Store.FindOperationAsync("user:nul", "deposit:a"));
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
