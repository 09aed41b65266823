using System.Data;

namespace Hongbao.Cluster.Tests.Infrastructure;

/// <summary>A query parameter as the Orleans ADO.NET providers bind it: unprefixed name, DbType from the CLR type, NULL as DBNull.</summary>
public sealed record Arg(string Name, DbType Type, object? Value)
{
    public static Arg Int(string name, int? value) => new(name, DbType.Int32, value);

    public static Arg Long(string name, long value) => new(name, DbType.Int64, value);

    public static Arg Text(string name, string? value) => new(name, DbType.String, value);

    /// <summary>Clustering and reminders send silo addresses and grain ids as AnsiString.</summary>
    public static Arg Ansi(string name, string value) => new(name, DbType.AnsiString, value);

    public static Arg Bytes(string name, byte[] value) => new(name, DbType.Binary, value);

    public static Arg Time(string name, DateTime utc) => new(name, DbType.DateTime, utc);
}
