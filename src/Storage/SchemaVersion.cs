namespace Hongbao.Storage;

/// <summary>
/// The layout the schema scripts create. Version 1 kept envelopes and wallets as Orleans grain-state blobs in
/// hongbao_grain_state; version 2 keeps them in rows. A database is never read in a layout it was not written in.
/// </summary>
public static class SchemaVersion
{
    public const int Current = 2;

    /// <summary>Version 1's blobs: finding any of them means the database was written by the old layout.</summary>
    public const string LegacyStateQuery = "SELECT count(*) FROM hongbao_grain_state WHERE state_name IN ('envelope', 'wallet') OR state_name LIKE 'envelope-grabs-%'";

    public const string StoredVersionQuery = "SELECT version FROM hongbao_schema WHERE singleton = 1";

    public static InvalidOperationException LegacyLayout(string database) => new(
        $"{database} holds Hongbao data in schema version 1 (envelopes and wallets as grain-state blobs in hongbao_grain_state). " +
        $"This build reads only schema version {Current} (envelopes and wallets in rows) and will not misread it. " +
        "Fix: settle or export what you need with the previous build, then start this build on a new, empty database " +
        "(embedded: delete or move the SQLite file; cluster: point Hongbao:Storage:Postgres:ConnectionString at a new database).");

    public static InvalidOperationException NewerLayout(string database, long stored) => new(
        $"{database} was written in schema version {stored}, newer than this build's {Current}. Fix: run the newer Hongbao build.");
}
