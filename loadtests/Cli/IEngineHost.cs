namespace Hongbao.LoadTests.Cli;

/// <summary>
/// Seam for <c>--embedded</c>: starts the hongbao engine (the API as a child process, on a temporary SQLite file)
/// and returns the base URL(s) its API listens on. Disposing it stops the engine and removes its files.
/// </summary>
public interface IEngineHost : IAsyncDisposable
{
    /// <summary>What runs the engine, for the report (e.g. the child process id and the API build).</summary>
    string Description { get; }

    Task<IReadOnlyList<Uri>> StartAsync(CancellationToken cancellation);
}
