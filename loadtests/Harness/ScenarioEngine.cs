using Hongbao.LoadTests.Audit;
using Hongbao.LoadTests.Simulations;
using Hongbao.LoadTests.Stats;

namespace Hongbao.LoadTests.Harness;

/// <summary>Runs one scenario: init, warm-up (measured apart and discarded), load, clean, audit.</summary>
internal sealed class ScenarioEngine(ScenarioProps scenario, int seed, TextWriter logger)
{
    private readonly InvocationCounter invocations = new();

    public string Name => scenario.Name;

    /// <summary>What the live view samples; replaced when warm-up ends.</summary>
    public ScenarioCollector Current { get; private set; } = new(scenario.Name);

    public string Phase { get; private set; } = "init";

    /// <summary>Completed once init is over (or failed), so scenarios registered together start their load together.</summary>
    public TaskCompletionSource Initialized { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completed once warm-up and the before-load hook are over (or failed): the measured load may start.</summary>
    public TaskCompletionSource ReadyForLoad { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completed once the measured load is over (or failed), before clean and audit.</summary>
    public TaskCompletionSource LoadEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// <paramref name="phases"/> hold the load back until every scenario of the run is initialized and warmed up,
    /// and clean and audit until every scenario's load is over, so the server is read at the measured load's edges;
    /// <paramref name="stopLoad"/> ends the load early (an aborting threshold); clean and audit still run.
    /// </summary>
    public async Task<ScenarioResult> RunAsync(RunPhases phases, CancellationToken stopLoad, CancellationToken cancellation)
    {
        try
        {
            var (measured, initContext) = await InitWarmUpAndLoadAsync(phases, stopLoad, cancellation);
            await phases.MeasuringEnded.WaitAsync(cancellation);
            return await CleanAndAuditAsync(measured, initContext, cancellation);
        }
        finally
        {
            // A scenario that failed must not hold the others at a barrier.
            Initialized.TrySetResult();
            ReadyForLoad.TrySetResult();
            LoadEnded.TrySetResult();
        }
    }

    private async Task<(ScenarioCollector Measured, ScenarioInitContext InitContext)> InitWarmUpAndLoadAsync(RunPhases phases, CancellationToken stopLoad, CancellationToken cancellation)
    {
        var planned = LoadPlan.PlannedIterations(scenario.LoadSimulations, seed, scenario.Arrivals);
        var loadDuration = LoadPlan.TotalDuration(scenario.LoadSimulations);
        var initContext = new ScenarioInitContext(scenario.Name, scenario.CustomSettings, seed, logger)
        {
            PlannedIterations = planned,
            IterationsAreCounted = LoadPlan.IsCounted(scenario.LoadSimulations),
            PlannedWarmUpIterations = (long)Math.Ceiling(planned * Math.Min(1, scenario.WarmUpDuration / loadDuration)),
        };
        try
        {
            if (scenario.Init is { } init)
            {
                await init(initContext);
            }
        }
        finally
        {
            Initialized.TrySetResult();
        }
        Phase = "ready";
        await phases.EveryoneInitialized.WaitAsync(cancellation);

        var warmUp = scenario.WarmUpDuration > TimeSpan.Zero && !stopLoad.IsCancellationRequested
            ? await WarmUpAsync(initContext.Data, stopLoad, cancellation)
            : null;
        if (scenario.BeforeLoad is { } beforeLoad && !stopLoad.IsCancellationRequested)
        {
            Phase = "before load";
            await beforeLoad(new LoadStartContext(initContext, warmUp, invocations.Issued, loadDuration));
        }

        ReadyForLoad.TrySetResult();
        await phases.MeasuringStarted.WaitAsync(cancellation);

        Phase = "load";
        var measured = new ScenarioCollector(scenario.Name);
        Current = measured;
        measured.Start();
        var runtime = new ScenarioRuntime(measured, initContext.Data, seed, logger, isWarmUp: false) { Invocations = invocations };
        await new SimulationScheduler(scenario, runtime).RunAsync(stopLoad, cancellation);
        measured.Stop();
        LoadEnded.TrySetResult();
        return (measured, initContext);
    }

    private async Task<ScenarioResult> CleanAndAuditAsync(ScenarioCollector measured, ScenarioInitContext initContext, CancellationToken cancellation)
    {
        Phase = "clean";
        if (scenario.Clean is { } clean)
        {
            await clean(initContext);
        }

        Phase = "audit";
        var audit = scenario.Audit is { } auditHook ? await RunAuditAsync(auditHook, initContext, cancellation) : null;
        Phase = "done";
        return new ScenarioResult(measured.Snapshot(), audit);
    }

    private async Task<ScenarioStats> WarmUpAsync(object? data, CancellationToken stopLoad, CancellationToken cancellation)
    {
        Phase = "warm-up";
        var warmUp = new ScenarioCollector(scenario.Name);
        Current = warmUp;
        warmUp.Start();
        using var warmUpEnd = CancellationTokenSource.CreateLinkedTokenSource(stopLoad);
        warmUpEnd.CancelAfter(scenario.WarmUpDuration);
        var runtime = new ScenarioRuntime(warmUp, data, seed, logger, isWarmUp: true) { Invocations = invocations };
        await new SimulationScheduler(scenario, runtime).RunAsync(warmUpEnd.Token, cancellation);
        warmUp.Stop();
        return warmUp.Snapshot();
    }

    private static async Task<AuditResult> RunAuditAsync(
        Func<ScenarioInitContext, CancellationToken, Task<AuditResult>> audit, ScenarioInitContext context, CancellationToken cancellation)
    {
        try
        {
            return await audit(context, cancellation);
        }
        catch (Exception ex)
        {
            // An audit that cannot finish proves nothing: it fails the run.
            return AuditResult.FromFindings(context.ScenarioName, [$"audit could not complete: {ex.GetType().Name}: {ex.Message}"], []);
        }
    }
}
