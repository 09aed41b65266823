using Hongbao.Storage.Backends;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hongbao.Storage.Sqlite;

/// <summary>One SQLite file holds envelopes, wallets and reminders; it keeps no membership, so the silo runs alone.</summary>
public sealed class SqliteBackend : IStorageBackend
{
    private const string Invariant = "System.Data.SQLite";

    private static readonly Dictionary<string, string> MovedKeys = new()
    {
        [StorageOptions.Section + ":SqlitePath"] = SqliteStorageOptions.Section + ":Path",
        [StorageOptions.Section + ":SqliteSynchronous"] = SqliteStorageOptions.Section + ":Synchronous",
        [StorageOptions.Section + ":SqliteBusyTimeout"] = SqliteStorageOptions.Section + ":BusyTimeout",
    };

    public string Name => "Sqlite";

    public void AddStorage(ISiloBuilder silo, IConfiguration configuration)
    {
        OptionsReader.RefuseMovedKeys(configuration, MovedKeys);
        var options = OptionsReader.Read<SqliteStorageOptions>(configuration, SqliteStorageOptions.Section);
        silo.Services.TryAddSingleton(_ => CreateDataSource(options));
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SqliteSchemaInstaller>();
        silo.Services.AddSingleton<Rows.IRowDatabase, SqliteRowDatabase>();
        silo.Services.AddSingleton<IStorageProbe, SqliteProbe>();
        silo.AddRowStorage(StorageOptions.From(configuration));
        silo.UseAdoNetReminderService(reminders => reminders.Configure<SqliteDataSource>((options, dataSource) =>
        {
            options.Invariant = Invariant;
            options.DataSource = dataSource;
        }));
    }

    private static SqliteDataSource CreateDataSource(SqliteStorageOptions options)
    {
        var path = System.IO.Path.GetFullPath(options.Path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = true,
            // The driver retries a busy database until its command timeout; keep that within the busy timeout too.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        }.ToString();
        return new SqliteDataSource(connectionString, options.Synchronous, options.BusyTimeout);
    }
}
