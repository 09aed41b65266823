using System.Data.Common;

namespace Hongbao.Cluster.Tests.Infrastructure;

/// <summary>One result row; columns are looked up by name case-insensitively, as IDataRecord.GetOrdinal does.</summary>
public sealed class Row
{
    private readonly (string Name, object? Value)[] columns;

    private Row((string Name, object? Value)[] columns) => this.columns = columns;

    public int Count => columns.Length;

    public object? this[int ordinal] => columns[ordinal].Value;

    public object? this[string name] => Array.Find(columns, c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) is { Name: not null } column
        ? column.Value
        : throw new KeyNotFoundException($"No column '{name}' in ({string.Join(", ", columns.Select(c => c.Name))}).");

    public static Row From(DbDataReader reader) =>
        new(Enumerable.Range(0, reader.FieldCount)
            .Select(i => (reader.GetName(i), reader.IsDBNull(i) ? null : reader.GetValue(i)))
            .ToArray());
}
