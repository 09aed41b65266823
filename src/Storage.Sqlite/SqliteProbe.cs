using Hongbao.Storage.Backends;

namespace Hongbao.Storage.Sqlite;

public sealed class SqliteProbe(SqliteDataSource dataSource) : IStorageProbe
{
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }
}
