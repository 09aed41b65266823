using Hongbao.Tests.Faults;

namespace Hongbao.Tests.Infrastructure;

/// <summary>
/// A test class that owns one engine on its own SQLite file: started by the test (or by <see cref="InitializeAsync"/>
/// for classes whose tests share settings), always stopped and deleted afterwards.
/// </summary>
public abstract class EngineTest : IAsyncLifetime
{
    private readonly TempDatabase database = new();
    private EngineCluster? engine;

    protected EngineCluster Engine => engine ?? throw new InvalidOperationException("Start the engine first.");

    protected string DatabasePath => database.Path;

    /// <summary>Settings every test of the class starts with; null means each test starts its own engine.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? ClassSettings => new Dictionary<string, string?>();

    protected async Task<EngineCluster> StartEngineAsync(IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? clock = null, StorageFaults? faults = null) =>
        engine = await EngineCluster.StartAsync(database.Path, settings, clock, faults: faults);

    public virtual async ValueTask InitializeAsync()
    {
        if (ClassSettings is { } settings)
        {
            await StartEngineAsync(settings);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (engine is not null)
        {
            await engine.DisposeAsync();
        }

        database.Dispose();
        GC.SuppressFinalize(this);
    }
}
