using Hongbao.Storage;
using Hongbao.Storage.Backends;
using Hongbao.Storage.Postgres;
using Hongbao.Storage.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Hongbao.Hosting;

/// <summary>The storage backends this build knows, chosen by "Hongbao:Storage:Provider". A new backend is added here.</summary>
public static class StorageBackends
{
    public static IReadOnlyList<IStorageBackend> Known { get; } = [new SqliteBackend(), new PostgresBackend()];

    public static IStorageBackend Named(string name) =>
        Known.FirstOrDefault(backend => string.Equals(backend.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException(
            $"{StorageOptions.Section}:Provider is '{name}', which is not a storage backend of this build. Known backends: {string.Join(", ", Known.Select(b => b.Name))}.");

    public static IStorageBackend Selected(IConfiguration configuration) => Named(StorageOptions.From(configuration).Provider);
}
