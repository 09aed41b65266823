using Hongbao.LoadTests.Audit;
using Hongbao.LoadTests.Output;
using Hongbao.LoadTests.Reports;
using Hongbao.LoadTests.ServerMetrics;
using Hongbao.LoadTests.Thresholds;

namespace Hongbao.LoadTests.Harness;

/// <summary>
/// The <c>NBomberRunner</c> counterpart: <c>LoadTestRunner.RegisterScenarios(...).WithThresholds(...).RunAsync()</c>.
/// Registered scenarios run concurrently, as in NBomber, and start their load together once all are initialized.
/// </summary>
public sealed record LoadTestRunner
{
    public IReadOnlyList<ScenarioProps> Scenarios { get; init; } = [];
    public IReadOnlyList<Threshold> Thresholds { get; init; } = [];
    public string? ReportFolder { get; init; } = "reports";
    public int Seed { get; init; } = 42;
    public bool ConsoleOutput { get; init; } = true;
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    public Func<CancellationToken, Task<AuditResult>>? RunAudit { get; init; }
    public ServerMetricsProbe? ServerMetrics { get; init; }
    public bool AbortOnFail { get; init; }

    public static LoadTestRunner RegisterScenarios(params ScenarioProps[] scenarios)
    {
        if (scenarios.Length == 0)
        {
            throw new ArgumentException("register at least one scenario", nameof(scenarios));
        }

        var duplicate = scenarios.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"scenario '{duplicate.Key}' is registered twice", nameof(scenarios));
        }

        return new LoadTestRunner { Scenarios = scenarios };
    }

    public LoadTestRunner WithThresholds(params string[] thresholds) =>
        WithThresholds([.. thresholds.Select(Threshold.Parse)]);

    public LoadTestRunner WithThresholds(params Threshold[] thresholds) => this with { Thresholds = [.. Thresholds, .. thresholds] };

    /// <summary>Stops the load as soon as the live check sees a threshold fail; clean and audit still run.</summary>
    public LoadTestRunner WithAbortOnFail(bool abort = true) => this with { AbortOnFail = abort };

    public LoadTestRunner WithReportFolder(string folder) => this with { ReportFolder = folder };

    public LoadTestRunner WithoutReports() => this with { ReportFolder = null };

    public LoadTestRunner WithSeed(int seed) => this with { Seed = seed };

    /// <summary>Turns the live view and final table off (tests, embedding).</summary>
    public LoadTestRunner WithoutConsoleOutput() => this with { ConsoleOutput = false };

    public LoadTestRunner WithMetadata(string key, string value) =>
        this with { Metadata = new Dictionary<string, string>(Metadata) { [key] = value } };

    /// <summary>A run-level audit (beside per-scenario audits); a failed audit fails the run.</summary>
    public LoadTestRunner WithRunAudit(Func<CancellationToken, Task<AuditResult>> audit) => this with { RunAudit = audit };

    /// <summary>
    /// Reads the servers at the start and end of the measured load: their CPU per success (the report's server CPU)
    /// and their own figures (the report's metadata).
    /// </summary>
    public LoadTestRunner WithServerMetrics(ServerMetricsProbe probe) => this with { ServerMetrics = probe };

    private static async Task AfterAllAsync(IEnumerable<Task> tasks, Func<CancellationToken, Task>? then, CancellationToken cancellation)
    {
        await Task.WhenAll(tasks);
        if (then is not null)
        {
            await then(cancellation);
        }
    }

    public async Task<RunResult> RunAsync(CancellationToken cancellation = default)
    {
        var startedAt = DateTimeOffset.Now;
        var logger = ConsoleOutput ? Console.Error : TextWriter.Null;
        var engines = Scenarios.Select(s => new ScenarioEngine(s, Seed, logger)).ToList();
        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var phases = new RunPhases(
            Task.WhenAll(engines.Select(engine => engine.Initialized.Task)),
            AfterAllAsync(engines.Select(engine => engine.ReadyForLoad.Task), ServerMetrics is { } atStart ? atStart.CaptureBaselineAsync : null, cancellation),
            AfterAllAsync(engines.Select(engine => engine.LoadEnded.Task), ServerMetrics is { } atEnd ? atEnd.CaptureEndAsync : null, cancellation));
        var running = Task.WhenAll(engines.Select(engine => engine.RunAsync(phases, stopLoad.Token, cancellation)));
        var monitor = new ThresholdMonitor(Thresholds, engines, AbortOnFail ? stopLoad : null);
        var watching = monitor.WatchAsync(running);
        if (ConsoleOutput)
        {
            await LiveView.ShowWhileAsync(engines, running);
        }

        var scenarios = await running;
        await watching;

        var audits = scenarios.Where(s => s.Audit is not null).Select(s => s.Audit!).ToList();
        if (RunAudit is { } runAudit)
        {
            audits.Add(await runAudit(cancellation));
        }

        var metadata = Metadata;
        ServerCpu? serverCpu = null;
        if (ServerMetrics is not null)
        {
            metadata = new Dictionary<string, string>(Metadata.Concat(ServerMetrics.DescribeEngine()));
            serverCpu = ServerMetrics.CpuFor(scenarios.Sum(s => s.Stats.Ok.Succeeded));
        }

        var thresholds = monitor.WithFirstFailures(ThresholdEvaluator.Evaluate(Thresholds, [.. scenarios.Select(s => s.Stats)], serverCpu));
        var result = new RunResult(startedAt, Seed, metadata, scenarios, thresholds, audits) { AbortReason = monitor.AbortReason, ServerCpu = serverCpu };
        if (ReportFolder is not null)
        {
            result = result with { ReportDirectory = await ReportWriter.WriteAllAsync(result, ReportFolder, cancellation) };
        }

        if (ConsoleOutput)
        {
            FinalSummary.Write(result);
        }

        return result;
    }
}
