using System.Text.Json;
using Hongbao.LoadTests.Harness;
using Hongbao.LoadTests.Scenarios;
using Hongbao.LoadTests.Scenarios.Audit;
using Hongbao.LoadTests.Simulations;
using Hongbao.LoadTests.Tests.Fakes;

namespace Hongbao.LoadTests.Tests;

/// <summary>In the closed model the hot envelope of the measured load is sized from the warm-up's rate, so it outlasts the run.</summary>
public sealed class HotEnvelopeSizingTests
{
    [Theory]
    [InlineData(1_000, 10, 20_000)]
    [InlineData(0.1, 10, 10)]
    [InlineData(20_000, 10, HotEnvelopeScenario.SharesMax)]
    public void Shares_cover_twice_what_the_warm_up_rate_would_grab_in_the_load_at_most_the_engine_limit(
        double answersPerSecond, int loadSeconds, int shares)
    {
        Assert.Equal(shares, HotEnvelopeScenario.SharesForRate(answersPerSecond, TimeSpan.FromSeconds(loadSeconds)));
    }

    [Fact]
    public async Task The_closed_model_grabs_an_envelope_sized_from_the_warm_up_that_outlasts_the_run()
    {
        // Grabs take 10 ms, so warm-up and load run at about the same rate however busy the machine is.
        var server = new FakeHongbaoServer { GrabServiceTime = TimeSpan.FromMilliseconds(10) };
        var target = new HongbaoTarget(await server.CreateApiAsync(), new RunLedger(), "sized",
            new MoneyAuditOptions { SettleTimeout = TimeSpan.FromSeconds(2), PollInterval = TimeSpan.FromMilliseconds(10) });
        var scenario = HotEnvelopeScenario.Create(target)
            .WithWarmUpDuration(TimeSpan.FromSeconds(0.5))
            .WithLoadSimulations(Simulation.KeepConstant(4, TimeSpan.FromSeconds(1)))
            // The warm-up's envelope has 100,000 shares: tokens for all its users would only slow the test down.
            .WithCustomSettings(JsonSerializer.SerializeToElement(new { prepareUsersMax = 5_000 }));

        var result = await LoadTestRunner.RegisterScenarios(scenario).WithoutReports().WithoutConsoleOutput()
            .RunAsync(TestContext.Current.CancellationToken);

        var stats = result.Scenarios.Single().Stats;
        Assert.True(result.Passed, string.Join("; ", result.Audits.SelectMany(a => a.Findings)));
        var shares = target.Ledger.Envelopes.Select(e => e.Shares).Order().ToList();
        // The warm-up's envelope has the most shares allowed; the measured load's is sized from the warm-up and lasts.
        Assert.Equal(2, shares.Count);
        Assert.Equal(HotEnvelopeScenario.SharesMax, shares[1]);
        Assert.InRange(shares[0], stats.Ok.Succeeded + 1, HotEnvelopeScenario.SharesMax - 1);
        Assert.Null(stats.ExhaustedAt);
        Assert.Equal(0, stats.Ok.Refused);
    }
}
