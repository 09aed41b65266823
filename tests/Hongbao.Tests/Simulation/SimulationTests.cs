using System.Diagnostics;
using Hongbao.Tests.Faults;
using Hongbao.Tests.Infrastructure;

namespace Hongbao.Tests.Simulation;

/// <summary>
/// The seeded fault simulation: the real grains on a real SQLite file, driven through random schedules
/// with faults at the storage seam, checked after every seed. A seed fixes the schedule and the fault draws; the
/// silo's thread interleavings are not seeded, so a rare finding may need its seed run a few times.
/// </summary>
public sealed class SimulationTests : EngineTest
{
    protected override IReadOnlyDictionary<string, string?>? ClassSettings => null;

    [Fact]
    [Trait("Category", "Simulation")]
    public async Task Seeded_schedules_with_storage_faults_keep_every_invariant()
    {
        var settings = SimulationSettings.FromEnvironment();
        var faults = new StorageFaults();
        var clock = new SteppedClock(DateTimeOffset.UtcNow);
        await StartEngineAsync(
            new Dictionary<string, string?>
            {
                ["Hongbao:Envelopes:SettlementBatchMax"] = "2",
                ["Hongbao:Envelopes:SettlementRetryDelay"] = "00:00:00.010",
                ["Hongbao:Envelopes:SettlementRetryDelayMax"] = "00:00:00.100",
                ["Hongbao:Envelopes:SettlementCheckpointInterval"] = "00:00:00.200",
                ["Hongbao:Wallets:OutboxRetryDelay"] = "00:00:00.020",
            },
            clock,
            faults);

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

            var run = new SeedRun(Engine, faults, clock, seed);
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

        TestContext.Current.SendDiagnosticMessage($"silo restarts: {restarts}");
        var summary = $"simulation: {seeds} seeds, {faults.Injected} faults injected, {findings.Count} invariant violations";
        var report = string.Join(Environment.NewLine, findings.Take(50).Append(
            findings.Count == 0 ? "" : $"reproduce one: HONGBAO_SIM_SEED=<seed> dotnet test tests/Hongbao.Tests --filter \"Category=Simulation\""));
        TestContext.Current.TestOutputHelper?.WriteLine(report + Environment.NewLine + summary);
        foreach (var finding in findings.Take(50))
        {
            TestContext.Current.SendDiagnosticMessage(finding);
        }

        TestContext.Current.SendDiagnosticMessage(summary);
        Assert.True(findings.Count == 0, report + Environment.NewLine + summary);
    }
}
