using Hongbao.Storage.Backends;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Orleans.Serialization;

namespace Hongbao.Storage.Postgres;

/// <summary>PostgreSQL holds envelopes, wallets, reminders and the cluster's membership, for many silos and API nodes.</summary>
public sealed class PostgresBackend : IMembershipBackend
{
    private const string Invariant = "Npgsql";

    private static readonly Dictionary<string, string> MovedKeys = new()
    {
        [StorageOptions.Section + ":PostgresConnectionString"] = PostgresStorageOptions.Section + ":ConnectionString",
    };

    public string Name => "Postgres";

    public void AddStorage(ISiloBuilder silo, IConfiguration configuration)
    {
        AddDataSource(silo.Services, configuration);
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, PostgresSchemaInstaller>();
        silo.Services.AddSingleton<Rows.IRowDatabase, PostgresRowDatabase>();
        silo.Services.AddSingleton<IStorageProbe, PostgresProbe>();
        silo.AddRowStorage(StorageOptions.From(configuration));
        silo.UseAdoNetReminderService(reminders => reminders.Configure<NpgsqlDataSource>((options, dataSource) =>
        {
            options.Invariant = Invariant;
            options.DataSource = dataSource;
        }));
    }

    public void AddMembership(ISiloBuilder silo, IConfiguration configuration)
    {
        AddDataSource(silo.Services, configuration);
        silo.UseAdoNetClustering(membership => membership.Configure<NpgsqlDataSource>((options, dataSource) =>
        {
            options.Invariant = Invariant;
            options.DataSource = dataSource;
        }));
    }

    public void AddMembership(IClientBuilder client, IConfiguration configuration)
    {
        AddDataSource(client.Services, configuration);
        client.UseAdoNetClustering(gateways => gateways.Configure<NpgsqlDataSource>((options, dataSource) =>
        {
            options.Invariant = Invariant;
            options.DataSource = dataSource;
        }));
    }

    private const int AutoPreparedStatementsMax = 64;

    private static void AddDataSource(IServiceCollection services, IConfiguration configuration)
    {
        OptionsReader.RefuseMovedKeys(configuration, MovedKeys);
        var options = OptionsReader.Read<PostgresStorageOptions>(configuration, PostgresStorageOptions.Section);
        services.TryAddSingleton(_ => NpgsqlDataSource.Create(WithAutoPrepare(options.ConnectionString!)));
        AllowNpgsqlExceptions(services);
    }

    /// <summary>
    /// Prepares the statements the engine repeats (every grab's credit and ledger row are the same few statements), so
    /// the server parses and plans each once a connection instead of on every execution. A connection string that
    /// says "Max Auto Prepare" itself keeps its value.
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.Keys.Cast<string>().Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            builder.MaxAutoPrepare = AutoPreparedStatementsMax;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// Lets Orleans serialize the database driver's exceptions. A storage failure (say, PostgreSQL down while a grain
    /// activates) travels to the caller with the driver's exception inside; Orleans only serializes exceptions from
    /// namespaces it knows (System, Microsoft, Orleans), so without this the caller gets a codec error instead of the
    /// storage failure, and the API cannot tell it is retryable. Callers (API nodes) need the same to read it.
    /// </summary>
    private static void AllowNpgsqlExceptions(IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(options =>
        {
            if (!options.SupportedNamespacePrefixes.Contains("Npgsql"))
            {
                options.SupportedNamespacePrefixes.Add("Npgsql");
            }
        });
}
