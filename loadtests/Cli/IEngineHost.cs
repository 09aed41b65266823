namespace Hongbao.LoadTests.Cli;

/// <summary>
/// Seam for <c>--embedded</c>: starts the hongbao engine in-process (on a temporary SQLite file) and returns the
/// base URL(s) its API listens on. Disposing it stops the engine and removes its files.
/// </summary>
public interface IEngineHost : IAsyncDisposable
{
    Task<IReadOnlyList<Uri>> StartAsync(CancellationToken cancellation);
}
