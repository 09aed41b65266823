using System.Collections.Concurrent;
using System.Diagnostics;
using Hongbao.LoadTests.Harness;

namespace Hongbao.LoadTests.Simulations;

/// <summary>
/// Drives one scenario through its load simulations. Open-model arrivals are started on their intended
/// timestamps; the in-flight cap is a pool of virtual-user slots, and an arrival that finds no free slot is
/// dropped and counted, never queued.
/// </summary>
internal sealed class SimulationScheduler(ScenarioProps scenario, ScenarioRuntime runtime)
{
    /// <summary>How long to wait for in-flight iterations after the last phase before giving up on them.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(10);

    private readonly ConcurrentBag<int> freeSlots = [.. Enumerable.Range(0, scenario.MaxInFlight).Reverse()];

    public int InFlight => scenario.MaxInFlight - freeSlots.Count;

    /// <summary>Runs every phase; <paramref name="stop"/> ends scheduling early (warm-up end or Ctrl+C).</summary>
    public async Task RunAsync(CancellationToken stop, CancellationToken iterationToken)
    {
        var random = new Random(runtime.Seed);
        double previousRatePerSecond = 0;
        var previousCopies = 0;
        foreach (var phase in scenario.LoadSimulations)
        {
            if (stop.IsCancellationRequested)
            {
                break;
            }

            await RunPhaseAsync(phase, previousRatePerSecond, previousCopies, random, stop, iterationToken);
            previousRatePerSecond = ArrivalTimeline.EndRatePerSecond(phase, previousRatePerSecond);
            previousCopies = ClosedModel.EndCopies(phase, previousCopies);
        }
        await DrainAsync();
    }

    private Task RunPhaseAsync(
        LoadSimulation phase, double previousRatePerSecond, int previousCopies, Random random,
        CancellationToken stop, CancellationToken iterationToken) => phase switch
        {
            Inject or RampingInject or InjectRandom => RunOpenAsync(
                ArrivalTimeline.For(phase, previousRatePerSecond, random, scenario.Arrivals),
                phase.Duration, stop, iterationToken),
            KeepConstant keep => RunClosedAsync(keep.Copies, keep.Copies, keep.During, long.MaxValue, stop, iterationToken),
            RampingConstant ramp => RunClosedAsync(previousCopies, ramp.Copies, ramp.During, long.MaxValue, stop, iterationToken),
            IterationsForConstant fixedCount => RunClosedAsync(
                fixedCount.Copies, fixedCount.Copies, fixedCount.Timeout, fixedCount.Iterations, stop, iterationToken),
            Pause pause => DelayUntilAsync(Stopwatch.GetTimestamp() + ToTicks(pause.During), stop),
            _ => throw new InvalidOperationException($"unknown load simulation {phase.GetType().Name}"),
        };

    private async Task RunOpenAsync(IEnumerable<TimeSpan> arrivals, TimeSpan during, CancellationToken stop, CancellationToken iterationToken)
    {
        var phaseStart = Stopwatch.GetTimestamp();
        foreach (var offset in arrivals)
        {
            var intended = phaseStart + ToTicks(offset);
            await DelayUntilAsync(intended, stop);
            if (stop.IsCancellationRequested)
            {
                return;
            }

            if (!freeSlots.TryTake(out var slot))
            {
                runtime.Collector.RecordDropped();
                continue;
            }
            // Task.Run keeps a slow synchronous prefix of one iteration from delaying the next arrival.
            _ = Task.Run(() => RunIterationAsync(slot, intended, iterationToken), CancellationToken.None);
        }
        await DelayUntilAsync(phaseStart + ToTicks(during), stop);
    }

    private async Task RunClosedAsync(
        int startCopies, int endCopies, TimeSpan during, long iterationsMax, CancellationToken stop, CancellationToken iterationToken)
    {
        var copiesMax = Math.Max(startCopies, endCopies);
        if (copiesMax > scenario.MaxInFlight)
        {
            throw new InvalidOperationException($"{copiesMax} copies exceed the in-flight cap {scenario.MaxInFlight}");
        }

        var phaseStart = Stopwatch.GetTimestamp();
        var phaseEnd = phaseStart + ToTicks(during);
        var budget = new IterationBudget(iterationsMax);
        var users = Enumerable.Range(0, copiesMax)
            .Select(copy => Task.Run(() => RunVirtualUserAsync(copy, startCopies, endCopies, during, phaseStart, phaseEnd, budget, stop, iterationToken)));
        await Task.WhenAll(users);
    }

    private async Task RunVirtualUserAsync(
        int copy, int startCopies, int endCopies, TimeSpan during, long phaseStart, long phaseEnd,
        IterationBudget budget, CancellationToken stop, CancellationToken iterationToken)
    {
        if (!freeSlots.TryTake(out var slot))
        {
            return;
        }

        try
        {
            while (!stop.IsCancellationRequested && Stopwatch.GetTimestamp() < phaseEnd && !budget.IsSpent)
            {
                var active = ClosedModel.CopiesAt(startCopies, endCopies, during, Stopwatch.GetElapsedTime(phaseStart));
                if (copy >= active)
                {
                    // This copy is not ramped in yet (or already ramped out): idle briefly, bounded by the phase end.
                    await DelayUntilAsync(Math.Min(phaseEnd, Stopwatch.GetTimestamp() + ToTicks(IdlePoll)), stop);
                    continue;
                }
                if (!budget.TryTake())
                {
                    return;
                }

                await ExecuteAsync(slot, Stopwatch.GetTimestamp(), iterationToken);
            }
        }
        finally
        {
            freeSlots.Add(slot);
        }
    }

    private async Task RunIterationAsync(int slot, long intendedTimestamp, CancellationToken iterationToken)
    {
        try
        {
            await ExecuteAsync(slot, intendedTimestamp, iterationToken);
        }
        finally
        {
            freeSlots.Add(slot);
        }
    }

    private async Task ExecuteAsync(int slot, long intendedTimestamp, CancellationToken iterationToken)
    {
        var started = Stopwatch.GetTimestamp();
        // An arrival may start up to a millisecond early (the timer cannot wait less): early is not late.
        intendedTimestamp = Math.Min(intendedTimestamp, started);
        var context = new ScenarioContext(
            new ScenarioInfo(scenario.Name, slot), runtime.NextInvocation(), runtime, intendedTimestamp, iterationToken);
        IResponse response;
        try
        {
            response = await scenario.Run(context);
        }
        catch (Exception ex)
        {
            response = Response.Fail("exception", $"{ex.GetType().Name}: {ex.Message}");
        }
        var ended = Stopwatch.GetTimestamp();
        runtime.Collector.RecordIteration(
            response,
            latency: Stopwatch.GetElapsedTime(intendedTimestamp, ended),
            serviceTime: Stopwatch.GetElapsedTime(started, ended));
    }

    private async Task DrainAsync()
    {
        var deadline = Stopwatch.GetTimestamp() + ToTicks(DrainTimeout);
        while (InFlight > 0 && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(IdlePoll);
        }
    }

    private static async Task DelayUntilAsync(long timestamp, CancellationToken stop)
    {
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        // Below a millisecond the timer cannot help; the arrival starts now and its latency shows any lateness.
        if (remaining < TimeSpan.FromMilliseconds(1))
        {
            return;
        }

        try
        {
            await Task.Delay(remaining, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping early is the caller's decision; it checks the token.
        }
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
