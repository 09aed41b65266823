using Hongbao.Grains.Persistence;

namespace Hongbao.Storage.Rows;

/// <summary>
/// One SQL statement of a change, with positional arguments ($1, $2, …). It must touch exactly one row; if it
/// touches none, the change cannot apply, for the reason <see cref="NoRowMeans"/>.
/// </summary>
public sealed record RowStatement(string Sql, object?[] Arguments, RowWriteOutcome NoRowMeans);
