using Hongbao.Grains.Common;
using Hongbao.Grains.Envelopes;
using Hongbao.Grains.Wallets;
using Hongbao.Silo.Storage;
using Hongbao.Silo.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Hongbao.Silo;

public static class HongbaoSiloExtensions
{
    /// <summary>The grain storage provider name every Hongbao grain persists to.</summary>
    public const string StorageName = "hongbao";

    private const string SqliteInvariant = "System.Data.SQLite";

    /// <summary>
    /// Adds the Hongbao engine to a silo: options, grain services, and durable storage for grain state and
    /// reminders. Clustering is the host's choice (localhost for the embedded engine, test clusters in tests).
    /// </summary>
    public static ISiloBuilder AddHongbaoEngine(this ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
        services.AddOptions<EnvelopeOptions>().Bind(configuration.GetSection(EnvelopeOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WalletOptions>().Bind(configuration.GetSection(WalletOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EngineOptions>().Bind(configuration.GetSection(EngineOptions.Section));
        services.TryAddSingleton(EngineClock.System);
        services.TryAddSingleton<IShareRandom>(sp => sp.GetRequiredService<IOptions<EngineOptions>>().Value.RandomSeed is { } seed
            ? new SeededShareRandom(seed)
            : new SystemShareRandom());

        services.TryAddSingleton(sp => CreateSqliteDataSource(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SqliteSchemaInstaller>();
        silo.AddAdoNetGrainStorage(StorageName, options => options.Configure<SqliteDataSource, Serializer>((storage, dataSource, serializer) =>
        {
            storage.Invariant = SqliteInvariant;
            storage.DataSource = dataSource;
            // Orleans' own binary format: compact and versioned by the [Id] attributes of our state records.
            storage.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));
        silo.UseAdoNetReminderService(options => options.Configure<SqliteDataSource>((reminders, dataSource) =>
        {
            reminders.Invariant = SqliteInvariant;
            reminders.DataSource = dataSource;
        }));
        return silo;
    }

    private static SqliteDataSource CreateSqliteDataSource(StorageOptions options)
    {
        var path = Path.GetFullPath(options.SqlitePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = true,
            // The driver retries a busy database until its command timeout; keep that within the busy timeout too.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.SqliteBusyTimeout.TotalSeconds)),
        }.ToString();
        return new SqliteDataSource(connectionString, options.SqliteSynchronous, options.SqliteBusyTimeout);
    }
}
