using System.Net;
using Hongbao.Grains.Common;
using Hongbao.Grains.Envelopes;
using Hongbao.Grains.Wallets;
using Hongbao.Silo.Storage;
using Hongbao.Grains.Persistence;
using Hongbao.Silo.Storage.Postgres;
using Hongbao.Silo.Storage.Rows;
using Hongbao.Silo.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Hongbao.Silo;

public static class HongbaoSiloExtensions
{
    private const string SqliteInvariant = "System.Data.SQLite";
    private const string PostgresInvariant = "Npgsql";

    /// <summary>
    /// Adds the Hongbao engine to a silo: options, grain services, and durable storage for grain state and
    /// reminders on SQLite or PostgreSQL ("Hongbao:Storage:Provider"). Clustering is separate
    /// (<see cref="UseHongbaoClustering"/>): test clusters bring their own.
    /// </summary>
    public static ISiloBuilder AddHongbaoEngine(this ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
        services.AddOptions<EnvelopeOptions>().Bind(configuration.GetSection(EnvelopeOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WalletOptions>().Bind(configuration.GetSection(WalletOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EngineOptions>().Bind(configuration.GetSection(EngineOptions.Section));
        services.TryAddSingleton(EngineClock.System);
        services.TryAddSingleton<IShareRandom>(sp => sp.GetRequiredService<IOptions<EngineOptions>>().Value.RandomSeed is { } seed
            ? new SeededShareRandom(seed)
            : new SystemShareRandom());

        var storage = StorageOptions.From(configuration);
        return storage.Provider == StorageProvider.Postgres
            ? silo.AddPostgresStorage(storage)
            : silo.AddSqliteStorage(storage);
    }

    /// <summary>
    /// Joins the cluster: on SQLite a single localhost silo (the embedded engine); on PostgreSQL the ADO.NET
    /// membership table, so silos and API clients find each other through the database.
    /// </summary>
    public static ISiloBuilder UseHongbaoClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        var cluster = new HongbaoClusterOptions();
        configuration.GetSection(HongbaoClusterOptions.Section).Bind(cluster);
        if (StorageOptions.From(configuration).Provider == StorageProvider.Sqlite)
        {
            return silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        }

        silo.Configure<ClusterOptions>(options =>
        {
            options.ServiceId = cluster.ServiceId;
            options.ClusterId = cluster.ClusterId;
        });
        // Hongbao's LAN timings first, then the configuration on top: a key that is set wins, an absent one keeps them.
        silo.Services.Configure<ClusterMembershipOptions>(ClusterTimings.Apply);
        silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection(HongbaoClusterOptions.MembershipSection));
        silo.Services.Configure<SiloMessagingOptions>(configuration.GetSection(HongbaoClusterOptions.MessagingSection));
        silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: false);
        return silo.UseAdoNetClustering(options => options.Configure<NpgsqlDataSource>((membership, dataSource) =>
        {
            membership.Invariant = PostgresInvariant;
            membership.DataSource = dataSource;
        }));
    }

    private static ISiloBuilder AddSqliteStorage(this ISiloBuilder silo, StorageOptions storage)
    {
        silo.Services.TryAddSingleton(_ => CreateSqliteDataSource(storage));
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SqliteSchemaInstaller>();
        silo.Services.AddSingleton<IRowDatabase, SqliteRowDatabase>();
        return silo.AddRows(storage).AddAdoNetReminders<SqliteDataSource>(SqliteInvariant);
    }

    private static ISiloBuilder AddPostgresStorage(this ISiloBuilder silo, StorageOptions storage)
    {
        silo.Services.TryAddSingleton(_ => NpgsqlDataSource.Create(storage.PostgresConnectionString!));
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, PostgresSchemaInstaller>();
        silo.Services.AddSingleton<IRowDatabase, PostgresRowDatabase>();
        silo.Services.AllowNpgsqlExceptions();
        return silo.AddRows(storage).AddAdoNetReminders<NpgsqlDataSource>(PostgresInvariant);
    }

    /// <summary>Envelopes and wallets in rows, written by one <see cref="CommitQueue"/> per database.</summary>
    private static ISiloBuilder AddRows(this ISiloBuilder silo, StorageOptions storage)
    {
        silo.Services.AddSingleton(storage);
        silo.Services.AddSingleton<CommitQueue>();
        silo.Services.AddSingleton<RowStore>();
        silo.Services.AddSingleton<IEnvelopeRows>(sp => sp.GetRequiredService<RowStore>());
        silo.Services.AddSingleton<IWalletRows>(sp => sp.GetRequiredService<RowStore>());
        silo.Services.AddSingleton<WalletCredits>();
        return silo;
    }

    private static ISiloBuilder AddAdoNetReminders<TDataSource>(this ISiloBuilder silo, string invariant)
        where TDataSource : System.Data.Common.DbDataSource
    {
        return silo.UseAdoNetReminderService(options => options.Configure<TDataSource>((reminders, dataSource) =>
        {
            reminders.Invariant = invariant;
            reminders.DataSource = dataSource;
        }));
    }

    /// <summary>
    /// Lets Orleans serialize the database driver's exceptions. A storage failure (say, PostgreSQL down while a grain
    /// activates) travels to the caller with the driver's exception inside; Orleans only serializes exceptions from
    /// namespaces it knows (System, Microsoft, Orleans), so without this the caller gets a codec error instead of the
    /// storage failure, and the API cannot tell it is retryable. Callers (API nodes) need the same to read it.
    /// </summary>
    internal static IServiceCollection AllowNpgsqlExceptions(this IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(options => options.SupportedNamespacePrefixes.Add("Npgsql"));

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
