namespace Hongbao.Cluster.Tests.Infrastructure;

/// <summary>The contract and schema tests share one server; they isolate by database or by service/cluster id.</summary>
[CollectionDefinition(Name)]
public sealed class StorageCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres-storage";
}

/// <summary>Silo tests get their own server so they run beside the storage tests, each on its own database.</summary>
[CollectionDefinition(Name)]
public sealed class SiloCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres-silo";
}
