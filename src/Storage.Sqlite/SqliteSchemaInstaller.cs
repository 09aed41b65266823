using Microsoft.Extensions.Logging;

namespace Hongbao.Storage.Sqlite;

/// <summary>Applies the schema before the storage and reminder providers read their queries.</summary>
public sealed class SqliteSchemaInstaller(SqliteDataSource dataSource, ILogger<SqliteSchemaInstaller> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SqliteSchemaInstaller), SchemaStage.BeforeProviders, ApplyAsync);

    private async Task ApplyAsync(CancellationToken cancellationToken)
    {
        await SqliteSchema.ApplyAsync(dataSource.ConnectionString, cancellationToken);
        logger.LogInformation("SQLite schema applied to {DataSource}", new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(dataSource.ConnectionString).DataSource);
    }
}
