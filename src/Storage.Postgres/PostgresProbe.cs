using Hongbao.Storage.Backends;
using Npgsql;

namespace Hongbao.Storage.Postgres;

public sealed class PostgresProbe(NpgsqlDataSource dataSource) : IStorageProbe
{
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }
}
