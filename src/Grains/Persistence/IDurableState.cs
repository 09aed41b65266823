namespace Hongbao.Grains.Persistence;

/// <summary>Where a <see cref="GroupCommit{TState}"/> makes snapshots durable and reads them back.</summary>
public interface IDurableState<TState>
{
    /// <summary>Writes the snapshot; completes only once it is durable.</summary>
    Task WriteAsync(TState snapshot);

    /// <summary>Reads what storage holds now (after a failed write, the only truth).</summary>
    Task<TState> ReadAsync();
}
