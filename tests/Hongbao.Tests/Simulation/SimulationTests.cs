using System.Diagnostics;
using Hongbao.Tests.Faults;
using Hongbao.Tests.Infrastructure;

namespace Hongbao.Tests.Simulation;

/// <summary>
/// The seeded fault simulation: the real grains on a real SQLite file or PostgreSQL database, driven through random
/// schedules with faults at the storage seam (and, on PostgreSQL, at the driver boundary), checked after every seed.
/// A seed fixes the schedule and the fault draws; the silo's thread interleavings are not seeded, so a rare finding
/// may need its seed run a few times. One engine (one database) serves every seed of a run.
/// </summary>
public sealed class SimulationTests : IAsyncDisposable
{
    /// <summary>The share of transactions that fail at the driver boundary on PostgreSQL.</summary>
    private const double TransactionFaultRate = 0.05;

    private readonly TempDatabase sqliteFile = new();
    private PostgresServer? postgres;
    private EngineCluster? engine;

    [Theory]
    [Trait("Category", "Simulation")]
    [InlineData(SimulationStorage.Sqlite)]
    [InlineData(SimulationStorage.Postgres)]
    public async Task Seeded_schedules_with_storage_faults_keep_every_invariant(SimulationStorage storage)
    {
        var settings = SimulationSettings.FromEnvironment(storage);
        if (!settings.Storages.Contains(storage))
        {
            Assert.Skip($"HONGBAO_SIM_STORAGE selects {string.Join(", ", settings.Storages).ToLowerInvariant()}");
        }

        var faults = new StorageFaults();
        var clock = new SteppedClock(DateTimeOffset.UtcNow);
        var engineSettings = new Dictionary<string, string?>
        {
            ["Hongbao:Envelopes:SettlementBatchMax"] = "2",
            ["Hongbao:Envelopes:SettlementRetryDelay"] = "00:00:00.010",
            ["Hongbao:Envelopes:SettlementRetryDelayMax"] = "00:00:00.100",
            ["Hongbao:Envelopes:SettlementCheckpointInterval"] = "00:00:00.200",
            ["Hongbao:Wallets:OutboxRetryDelay"] = "00:00:00.020",
        };
        if (storage == SimulationStorage.Postgres)
        {
            postgres = new PostgresServer();
            await postgres.InitializeAsync();
            engineSettings["Hongbao:Storage:Provider"] = "Postgres";
            engineSettings["Hongbao:Storage:Postgres:ConnectionString"] = await postgres.CreateDatabaseAsync();
        }

        engine = await EngineCluster.StartAsync(sqliteFile.Path, engineSettings, clock, faults: faults);
        var transactionFaultRate = storage == SimulationStorage.Postgres ? TransactionFaultRate : 0;

        var watch = Stopwatch.StartNew();
        var seeds = 0;
        var restarts = 0;
        var findings = new List<string>();
        for (var seed = settings.FirstSeed; seed < settings.FirstSeed + settings.Seeds; seed++)
        {
            if (settings.Budget is { } budget && watch.Elapsed > budget)
            {
                break;
            }

            var run = new SeedRun(engine, faults, clock, seed, transactionFaultRate);
            var findingsBefore = findings.Count;
            var timedOut = false;
            try
            {
                await run.RunAsync().WaitAsync(settings.SeedTimeMax, TestContext.Current.CancellationToken);
            }
            catch (TimeoutException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                timedOut = true;
                findings.Add($"seed {seed}: took longer than its bound of {settings.SeedTimeMax}");
            }
            catch (Exception error)
            {
                findings.Add($"seed {seed}: {error.GetType().Name}: {error.Message}");
            }

            findings.AddRange(run.Violations.Select(v => $"seed {seed}: {v}"));
            restarts += run.Restarts;
            seeds++;

            // A seed over its bound may still be running, so nothing after it would be its own.
            if (timedOut || (findings.Count > findingsBefore && !settings.KeepGoing))
            {
                break;
            }
        }

        var backend = storage.ToString().ToLowerInvariant();
        TestContext.Current.SendDiagnosticMessage($"storage: {backend}, silo restarts: {restarts}, wall time: {watch.Elapsed.TotalSeconds:F0} s");
        var summary = $"simulation: {seeds} seeds, {faults.Injected} faults injected, {findings.Count} invariant violations";
        var report = string.Join(Environment.NewLine, findings.Take(50).Append(
            findings.Count == 0 ? "" : $"reproduce one: HONGBAO_SIM_STORAGE={backend} HONGBAO_SIM_SEED=<seed> dotnet test tests/Hongbao.Tests --filter \"Category=Simulation\""));
        TestContext.Current.TestOutputHelper?.WriteLine(report + Environment.NewLine + summary);
        foreach (var finding in findings.Take(50))
        {
            TestContext.Current.SendDiagnosticMessage(finding);
        }

        TestContext.Current.SendDiagnosticMessage(summary);
        Assert.True(findings.Count == 0, report + Environment.NewLine + summary);
    }

    /// <summary>The engine stops before its database server does.</summary>
    public async ValueTask DisposeAsync()
    {
        if (engine is not null)
        {
            await engine.DisposeAsync();
        }

        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }

        sqliteFile.Dispose();
    }
}
