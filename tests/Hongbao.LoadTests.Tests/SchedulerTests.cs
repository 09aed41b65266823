using System.Collections.Concurrent;
using Hongbao.LoadTests.Harness;
using Hongbao.LoadTests.Simulations;

namespace Hongbao.LoadTests.Tests;

public sealed class SchedulerTests
{
    private static Task<RunResult> RunAsync(ScenarioProps scenario) =>
        LoadTestRunner.RegisterScenarios(scenario.WithoutWarmUp()).WithoutReports().WithoutConsoleOutput()
            .RunAsync(TestContext.Current.CancellationToken);

    [Fact]
    public async Task Inject_starts_every_planned_arrival_when_the_cap_is_not_reached()
    {
        var scenario = Scenario.Create("inject", _ => Task.FromResult(Response.Ok()))
            .WithLoadSimulations(Simulation.Inject(200, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500)));

        var stats = (await RunAsync(scenario)).Scenarios.Single().Stats;

        Assert.Equal(100, stats.Ok.Count);
        Assert.Equal(0, stats.Dropped);
        Assert.InRange(stats.Duration, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Arrivals_that_find_no_free_slot_are_dropped_not_queued()
    {
        var started = 0;
        var scenario = Scenario.Create("slow", async ctx =>
            {
                Interlocked.Increment(ref started);
                // Deliberately slower than the whole arrival window, so the two slots never free up in time.
                return await Step.Run("slow step", ctx, async () =>
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(450), ctx.CancellationToken);
                    return Response.Ok();
                });
            })
            .WithMaxInFlight(2)
            .WithLoadSimulations(Simulation.Inject(100, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(300)));

        var stats = (await RunAsync(scenario)).Scenarios.Single().Stats;

        Assert.Equal(2, started);
        Assert.Equal(2, stats.Ok.Count);
        Assert.Equal(28, stats.Dropped);
        Assert.Equal(28, stats.Timeline.Sum(p => p.Dropped));
    }

    [Fact]
    public async Task Latency_counts_from_the_intended_start_and_service_time_from_the_actual_start()
    {
        // One slot and 20 ms of work per iteration at 100 arrivals/s: most arrivals are dropped, and those that
        // run start on time, so latency and service time agree; the step's own time is the service time.
        var scenario = Scenario.Create("timed", async ctx =>
            {
                await Task.Delay(20, ctx.CancellationToken);
                return Response.Ok();
            })
            .WithMaxInFlight(1)
            .WithLoadSimulations(Simulation.Inject(100, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(300)));

        var stats = (await RunAsync(scenario)).Scenarios.Single().Stats;

        Assert.True(stats.Dropped > 0);
        Assert.True(stats.Ok.Latency.MinMs >= stats.Ok.ServiceTime.MinMs);
        Assert.True(stats.Ok.ServiceTime.MinMs >= 15);
    }

    [Fact]
    public async Task KeepConstant_runs_exactly_its_copies_as_distinct_virtual_users()
    {
        var threads = new ConcurrentDictionary<int, byte>();
        var scenario = Scenario.Create("closed", async ctx =>
            {
                threads.TryAdd(ctx.ScenarioInfo.ThreadNumber, 0);
                await Task.Delay(5, ctx.CancellationToken);
                return Response.Ok();
            })
            .WithLoadSimulations(Simulation.KeepConstant(4, TimeSpan.FromMilliseconds(300)));

        var stats = (await RunAsync(scenario)).Scenarios.Single().Stats;

        Assert.Equal(4, threads.Count);
        Assert.True(stats.Ok.Count >= 4);
        Assert.Equal(0, stats.Dropped);
    }

    [Fact]
    public async Task IterationsForConstant_runs_the_exact_iteration_count_with_unique_invocation_numbers()
    {
        var invocations = new ConcurrentBag<long>();
        var scenario = Scenario.Create("fixed", ctx =>
            {
                invocations.Add(ctx.InvocationNumber);
                return Task.FromResult(Response.Ok());
            })
            .WithLoadSimulations(Simulation.IterationsForConstant(3, 25));

        var stats = (await RunAsync(scenario)).Scenarios.Single().Stats;

        Assert.Equal(25, stats.Ok.Count);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (long)i), invocations.Order());
    }

    [Fact]
    public async Task Failures_and_exceptions_are_counted_apart_from_ok()
    {
        var scenario = Scenario.Create("mixed", ctx => (ctx.InvocationNumber % 3) switch
            {
                0 => Task.FromResult(Response.Ok(200, sizeBytes: 10)),
                1 => Task.FromResult(Response.Fail(500, "boom")),
                _ => throw new InvalidOperationException("thrown"),
            })
            .WithLoadSimulations(Simulation.IterationsForConstant(1, 9));

        var stats = (await RunAsync(scenario)).Scenarios.Single().Stats;

        Assert.Equal(3, stats.Ok.Count);
        Assert.Equal(6, stats.Fail.Count);
        Assert.Equal(30, stats.Ok.Bytes);
        Assert.Contains(stats.StatusCodes, c => c.StatusCode == "500" && c.IsError && c.Count == 3);
        Assert.Contains(stats.StatusCodes, c => c.StatusCode == "exception" && c.Count == 3);
    }

    [Fact]
    public async Task Warm_up_is_measured_apart_and_init_data_reaches_every_iteration()
    {
        var seen = new ConcurrentBag<object?>();
        var scenario = Scenario.Create("warm", ctx =>
            {
                seen.Add(ctx.Data);
                return Task.FromResult(Response.Ok());
            })
            .WithInit(init =>
            {
                init.Data = "feed";
                return Task.CompletedTask;
            })
            .WithWarmUpDuration(TimeSpan.FromMilliseconds(100))
            .WithLoadSimulations(Simulation.Inject(100, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(200)));

        var result = await LoadTestRunner.RegisterScenarios(scenario).WithoutReports().WithoutConsoleOutput()
            .RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(20, result.Scenarios.Single().Stats.Ok.Count);
        Assert.True(seen.Count > 20);
        Assert.All(seen, data => Assert.Equal("feed", data));
    }

    [Fact]
    public async Task A_step_that_starts_late_shows_the_delay_in_its_latency_not_its_service_time()
    {
        var scenario = Scenario.Create("late step", async ctx =>
            {
                // Work before the first step delays it past the iteration's intended start.
                await Task.Delay(150, ctx.CancellationToken);
                return await Step.Run("quick", ctx, () => Task.FromResult(Response.Ok()));
            })
            .WithLoadSimulations(Simulation.IterationsForConstant(1, 3));

        var step = (await RunAsync(scenario)).Scenarios.Single().Stats.Steps.Single();

        // The step itself is instant; the median leaves room for a preempted thread on a busy machine.
        Assert.True(step.Ok.Latency.MinMs >= 145, $"latency min {step.Ok.Latency.MinMs} ms");
        Assert.True(step.Ok.ServiceTime.P50Ms < 75, $"service p50 {step.Ok.ServiceTime.P50Ms} ms");
    }

    [Fact]
    public async Task Refusals_count_as_ok_but_not_as_successes()
    {
        var scenario = Scenario.Create("refusing", ctx => Task.FromResult(ctx.InvocationNumber < 6
                ? Response.Ok(201)
                : Response.Refused("409 envelope_exhausted")))
            .WithLoadSimulations(Simulation.IterationsForConstant(2, 10));

        var stats = (await RunAsync(scenario)).Scenarios.Single().Stats;

        Assert.Equal((10, 4, 6, 0), (stats.Ok.Count, stats.Ok.Refused, stats.Ok.Succeeded, stats.Fail.Count));
        Assert.Equal(6 / stats.Duration.TotalSeconds, stats.SuccessRps, 6);
        Assert.True(stats.StatusCodes.Single(c => c.StatusCode == "409 envelope_exhausted").IsRefusal);
        Assert.Equal(4, stats.Timeline.Sum(p => p.Refused));
    }

    [Fact]
    public async Task Abort_on_fail_stops_the_load_at_the_first_live_failure_and_still_fails_the_run()
    {
        var scenario = Scenario.Create("overloaded", async ctx =>
            {
                await Task.Delay(5, ctx.CancellationToken);
                return Response.Fail("503 overloaded");
            })
            .WithoutWarmUp()
            .WithLoadSimulations(Simulation.KeepConstant(2, TimeSpan.FromSeconds(20)));

        var result = await LoadTestRunner.RegisterScenarios(scenario).WithoutReports().WithoutConsoleOutput()
            .WithThresholds("503 = 0").WithAbortOnFail()
            .RunAsync(TestContext.Current.CancellationToken);

        var stats = result.Scenarios.Single().Stats;
        Assert.True(stats.Duration < TimeSpan.FromSeconds(10), $"ran {stats.Duration}");
        Assert.Equal(1, result.ExitCode);
        Assert.NotNull(result.AbortReason);
        Assert.NotNull(result.Thresholds.Single().FirstFailedAt);
    }

    [Fact]
    public async Task Per_thread_recording_loses_nothing_under_concurrency()
    {
        var scenario = Scenario.Create("many threads", async ctx =>
            {
                await Task.Yield();
                return await Step.Run("s", ctx, () => Task.FromResult(Response.Ok(200, sizeBytes: 1)));
            })
            .WithLoadSimulations(Simulation.IterationsForConstant(64, 20_000));

        var stats = (await RunAsync(scenario)).Scenarios.Single().Stats;

        Assert.Equal(20_000, stats.Ok.Count);
        Assert.Equal(20_000, stats.Ok.Bytes);
        Assert.Equal(20_000, stats.Steps.Single().Ok.Count);
        Assert.Equal(20_000, stats.Timeline.Sum(p => p.OkCount));
    }

    [Fact]
    public async Task Scenarios_run_together_start_their_load_only_when_every_init_is_done()
    {
        var slowInitDone = 0L;
        var firstFastIteration = 0L;
        var slow = Scenario.Create("slow init", _ => Task.FromResult(Response.Ok()))
            .WithInit(async _ =>
            {
                await Task.Delay(60, TestContext.Current.CancellationToken);
                Interlocked.Exchange(ref slowInitDone, System.Diagnostics.Stopwatch.GetTimestamp());
            })
            .WithoutWarmUp().WithLoadSimulations(Simulation.IterationsForConstant(1, 1));
        var fast = Scenario.Create("fast init", _ =>
            {
                Interlocked.CompareExchange(ref firstFastIteration, System.Diagnostics.Stopwatch.GetTimestamp(), 0);
                return Task.FromResult(Response.Ok());
            })
            .WithoutWarmUp().WithLoadSimulations(Simulation.IterationsForConstant(1, 5));

        await LoadTestRunner.RegisterScenarios(slow, fast).WithoutReports().WithoutConsoleOutput()
            .RunAsync(TestContext.Current.CancellationToken);

        Assert.True(slowInitDone > 0 && firstFastIteration > slowInitDone, "the fast scenario started before the slow one was ready");
    }
}
