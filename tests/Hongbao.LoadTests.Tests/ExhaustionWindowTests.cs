using System.Globalization;
using System.Text.Json;
using Hongbao.LoadTests.Harness;
using Hongbao.LoadTests.Output;
using Hongbao.LoadTests.Reports;
using Hongbao.LoadTests.Scenarios;
using Hongbao.LoadTests.Scenarios.Audit;
using Hongbao.LoadTests.Simulations;
using Hongbao.LoadTests.Tests.Fakes;

namespace Hongbao.LoadTests.Tests;

/// <summary>An envelope that runs out part-way: the headline is the rate while shares remained, and every report says when they ran out.</summary>
public sealed class ExhaustionWindowTests
{
    [Fact]
    public async Task A_hot_envelope_that_runs_out_halfway_reports_the_rate_while_shares_remained_and_when_they_ran_out()
    {
        var target = new HongbaoTarget(await new FakeHongbaoServer().CreateApiAsync(), new RunLedger(), "x",
            new MoneyAuditOptions { SettleTimeout = TimeSpan.FromSeconds(2), PollInterval = TimeSpan.FromMilliseconds(10) });
        // 200 grabs spread evenly over one second at an envelope of 100 shares: the shares last about half the run.
        var scenario = HotEnvelopeScenario.Create(target).WithoutWarmUp()
            .WithLoadSimulations(Simulation.Inject(200, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)))
            .WithCustomSettings(JsonSerializer.SerializeToElement(new { shares = 100 }));

        var result = await LoadTestRunner.RegisterScenarios(scenario).WithoutReports().WithoutConsoleOutput()
            .RunAsync(TestContext.Current.CancellationToken);

        var stats = result.Scenarios.Single().Stats;
        Assert.Equal(100, stats.Ok.Succeeded);
        Assert.NotNull(stats.ExhaustedAt);
        var ranOut = stats.ExhaustedAt.Value;
        Assert.InRange(ranOut, TimeSpan.FromSeconds(0.3), stats.Duration * 0.9);
        Assert.Equal(100 / ranOut.TotalSeconds, stats.SuccessRps, 6);
        Assert.True(stats.SuccessRps > 1.1 * stats.Ok.Succeeded / stats.Duration.TotalSeconds, "the headline must not spread grants over the time after the last share");

        var statement = string.Create(CultureInfo.InvariantCulture, $"hot-envelope: ran out at {ranOut.TotalSeconds:0.0} s of {stats.Duration.TotalSeconds:0.0} s");
        Assert.Contains(ResultLines.Describe(result), line => line.Contains(statement, StringComparison.Ordinal));
        foreach (var report in new[] { TextReport.Render(result), MarkdownReport.Render(result), HtmlReport.Render(result), JsonReport.Render(result) })
        {
            Assert.Contains(statement, report, StringComparison.Ordinal);
        }

        using var json = JsonDocument.Parse(JsonReport.Render(result));
        var reported = json.RootElement.GetProperty("scenarios")[0];
        Assert.Equal(ranOut.TotalSeconds, reported.GetProperty("exhaustedAtSeconds").GetDouble(), 6);
        Assert.Equal(ranOut.TotalSeconds, reported.GetProperty("successWindowSeconds").GetDouble(), 6);
    }
}
