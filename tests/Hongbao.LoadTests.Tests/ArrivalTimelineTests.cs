using Hongbao.LoadTests.Simulations;

namespace Hongbao.LoadTests.Tests;

public sealed class ArrivalTimelineTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void Inject_spreads_arrivals_evenly_over_each_interval()
    {
        var arrivals = ArrivalTimeline.For(Simulation.Inject(10, Second, TimeSpan.FromSeconds(3)), 0, new Random(1)).ToList();

        Assert.Equal(30, arrivals.Count);
        Assert.Equal(TimeSpan.Zero, arrivals[0]);
        var gaps = arrivals.Zip(arrivals.Skip(1), (a, b) => (b - a).TotalMilliseconds);
        Assert.All(gaps, gap => Assert.InRange(gap, 99.999, 100.001));
    }

    [Fact]
    public void Inject_with_a_longer_interval_keeps_the_spacing_even()
    {
        var arrivals = ArrivalTimeline.For(Simulation.Inject(5, TimeSpan.FromMilliseconds(500), Second), 0, new Random(1)).ToList();

        Assert.Equal(10, arrivals.Count);
        Assert.All(arrivals.Select((t, i) => (t, i)), a => Assert.InRange(a.t.TotalMilliseconds, a.i * 100 - 0.001, a.i * 100 + 0.001));
    }

    [Fact]
    public void RampingInject_ramps_from_the_previous_rate_with_arrivals_getting_denser()
    {
        var ramp = Simulation.RampingInject(100, Second, TimeSpan.FromSeconds(10));

        var arrivals = ArrivalTimeline.For(ramp, previousRatePerSecond: 0, new Random(1)).ToList();

        Assert.Equal(500, arrivals.Count); // average of 0 and 100 per second, for 10 s
        Assert.True(arrivals.Count(t => t < TimeSpan.FromSeconds(5)) < arrivals.Count(t => t >= TimeSpan.FromSeconds(5)));
        Assert.True(arrivals.Zip(arrivals.Skip(1)).All(pair => pair.Second >= pair.First));
        Assert.All(arrivals, t => Assert.InRange(t, TimeSpan.Zero, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void RampingInject_down_from_a_previous_rate_thins_out()
    {
        var arrivals = ArrivalTimeline.For(Simulation.RampingInject(0, Second, TimeSpan.FromSeconds(4)), 50, new Random(1)).ToList();

        Assert.Equal(100, arrivals.Count);
        Assert.True(arrivals.Count(t => t < TimeSpan.FromSeconds(2)) > arrivals.Count(t => t >= TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void InjectRandom_draws_each_interval_within_its_bounds_and_replays_from_the_seed()
    {
        var simulation = Simulation.InjectRandom(10, 20, Second, TimeSpan.FromSeconds(5));

        var arrivals = ArrivalTimeline.For(simulation, 0, new Random(7)).ToList();
        var again = ArrivalTimeline.For(simulation, 0, new Random(7)).ToList();

        Assert.Equal(arrivals, again);
        var perSecond = arrivals.GroupBy(t => (int)t.TotalSeconds).Select(g => g.Count()).ToList();
        Assert.Equal(5, perSecond.Count);
        Assert.All(perSecond, count => Assert.InRange(count, 10, 20));
    }

    [Fact]
    public void Closed_model_and_pause_phases_have_no_arrivals()
    {
        Assert.Empty(ArrivalTimeline.For(Simulation.KeepConstant(3, Second), 0, new Random(1)));
        Assert.Empty(ArrivalTimeline.For(Simulation.Pause(Second), 0, new Random(1)));
    }

    [Fact]
    public void RampingConstant_interpolates_copies_between_phases()
    {
        var during = TimeSpan.FromSeconds(10);

        Assert.Equal(0, ClosedModel.CopiesAt(0, 10, during, TimeSpan.Zero));
        Assert.Equal(5, ClosedModel.CopiesAt(0, 10, during, TimeSpan.FromSeconds(5)));
        Assert.Equal(10, ClosedModel.CopiesAt(0, 10, during, TimeSpan.FromSeconds(12)));
        Assert.Equal(7, ClosedModel.CopiesAt(10, 4, during, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void LoadPlan_counts_open_arrivals_and_fixed_iterations()
    {
        LoadSimulation[] plan =
        [
            Simulation.RampingInject(100, Second, TimeSpan.FromSeconds(2)),
            Simulation.Inject(100, Second, TimeSpan.FromSeconds(3)),
            Simulation.Pause(Second),
            Simulation.KeepConstant(5, Second),
            Simulation.IterationsForConstant(2, 40),
        ];

        Assert.Equal(100 + 300 + 40, LoadPlan.PlannedIterations(plan, seed: 1));
    }

    [Fact]
    public void Factories_reject_impossible_plans()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Simulation.Inject(-1, Second, Second));
        Assert.Throws<ArgumentOutOfRangeException>(() => Simulation.KeepConstant(0, Second));
        Assert.Throws<ArgumentException>(() => Simulation.InjectRandom(5, 1, Second, Second));
        Assert.Throws<ArgumentOutOfRangeException>(() => Simulation.Pause(TimeSpan.Zero));
    }

    [Fact]
    public void LoadPlan_says_when_a_closed_phase_leaves_the_count_unknown()
    {
        Assert.True(LoadPlan.IsCounted([Simulation.Inject(10, Second, Second), Simulation.IterationsForConstant(2, 40)]));
        Assert.False(LoadPlan.IsCounted([Simulation.Inject(10, Second, Second), Simulation.KeepConstant(5, Second)]));
    }

    [Fact]
    public void Poisson_arrivals_keep_the_rate_but_not_the_spacing_and_replay_with_the_seed()
    {
        var inject = Simulation.Inject(1000, Second, TimeSpan.FromSeconds(10));

        var poisson = ArrivalTimeline.For(inject, 0, new Random(3), ArrivalPattern.Poisson).ToList();
        var again = ArrivalTimeline.For(inject, 0, new Random(3), ArrivalPattern.Poisson).ToList();
        var even = ArrivalTimeline.For(inject, 0, new Random(3)).ToList();

        // 10,000 expected; a Poisson count's standard deviation is 100, so 5 sigma either side.
        Assert.InRange(poisson.Count, 9_500, 10_500);
        Assert.Equal(poisson, again);
        Assert.Equal(poisson.Count, LoadPlan.PlannedIterations([inject], seed: 3, ArrivalPattern.Poisson));
        Assert.True(poisson.SequenceEqual(poisson.Order()), "arrivals come in time order");
        // Exponential gaps have a coefficient of variation of 1; even spacing has 0.
        Assert.InRange(CoefficientOfVariation(poisson), 0.9, 1.1);
        Assert.InRange(CoefficientOfVariation(even), 0, 0.01);
    }

    private static double CoefficientOfVariation(IReadOnlyList<TimeSpan> arrivals)
    {
        var gaps = arrivals.Zip(arrivals.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToList();
        var mean = gaps.Average();
        return Math.Sqrt(gaps.Average(g => (g - mean) * (g - mean))) / mean;
    }
}
