using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hongbao.Storage.Postgres;

/// <summary>Applies the schema before membership, storage and reminder providers read their queries.</summary>
public sealed class PostgresSchemaInstaller(NpgsqlDataSource dataSource, ILogger<PostgresSchemaInstaller> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PostgresSchemaInstaller), SchemaStage.BeforeProviders, ApplyAsync);

    private async Task ApplyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await PostgresSchema.ApplyAsync(dataSource, cancellationToken);
        }
        catch (NpgsqlException error)
        {
            var target = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
            throw new InvalidOperationException(
                $"PostgreSQL at {target.Host}:{target.Port} (database '{target.Database}') is unreachable or refused the schema: {error.Message}", error);
        }

        logger.LogInformation("PostgreSQL schema applied");
    }
}
