using Hongbao.Storage.Postgres;
using Npgsql;

namespace Hongbao.Cluster.Tests.Infrastructure;

/// <summary>A fresh database with our schema applied, shared by one test class; tests isolate by service or cluster id.</summary>
public sealed class ContractDatabase(PostgresServer server) : IAsyncLifetime
{
    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public StoredQueries Queries { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        DataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        await PostgresSchema.ApplyAsync(DataSource, CancellationToken.None);
        Queries = new StoredQueries(DataSource);
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
