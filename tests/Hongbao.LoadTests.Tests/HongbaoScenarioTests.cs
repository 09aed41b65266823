using Hongbao.LoadTests.Harness;
using Hongbao.LoadTests.Scenarios;
using Hongbao.LoadTests.Scenarios.Audit;
using Hongbao.LoadTests.Simulations;
using Hongbao.LoadTests.Tests.Fakes;

namespace Hongbao.LoadTests.Tests;

/// <summary>Each hongbao scenario end to end against the in-memory API: load, audit, verdict.</summary>
public sealed class HongbaoScenarioTests
{
    private static HongbaoTarget NewTarget(FakeHongbaoServer server) =>
        new(server.CreateApi(), new RunLedger(), "t", new MoneyAuditOptions { SettleTimeout = TimeSpan.FromSeconds(2), PollInterval = TimeSpan.FromMilliseconds(10) });

    private static Task<RunResult> RunAsync(ScenarioProps scenario) =>
        LoadTestRunner.RegisterScenarios(scenario.WithoutWarmUp()).WithoutReports().WithoutConsoleOutput()
            .RunAsync(TestContext.Current.CancellationToken);

    [Fact]
    public async Task Hot_envelope_exhausts_counts_late_grabs_as_expected_and_passes_the_audit()
    {
        var scenario = HotEnvelopeScenario.Create(NewTarget(new FakeHongbaoServer()))
            .WithLoadSimulations(Simulation.IterationsForConstant(8, 200));

        var result = await RunAsync(scenario);

        var stats = result.Scenarios.Single().Stats;
        Assert.True(result.Passed, string.Join("; ", result.Audits.SelectMany(a => a.Findings)));
        Assert.Equal(200, stats.Ok.Count);
        Assert.Equal(180, stats.StatusCodes.Single(c => c.StatusCode == "201").Count); // 90% of planned grabs
        Assert.Equal(20, stats.StatusCodes.Single(c => c.StatusCode == "409 envelope_exhausted").Count);
        Assert.Equal("grab", stats.Steps.Single().Name);
    }

    [Fact]
    public async Task Hot_envelope_fails_the_run_when_credits_are_lost()
    {
        var scenario = HotEnvelopeScenario.Create(NewTarget(new FakeHongbaoServer { LosesCredits = true }))
            .WithLoadSimulations(Simulation.IterationsForConstant(4, 30));

        var result = await RunAsync(scenario);

        Assert.False(result.AuditsPassed);
        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task Festival_mixes_creates_and_grabs_and_passes_the_audit()
    {
        var scenario = FestivalScenario.Create(NewTarget(new FakeHongbaoServer()))
            .WithLoadSimulations(Simulation.IterationsForConstant(4, 300))
            .WithCustomSettings(System.Text.Json.JsonDocument.Parse("""{"users": 50, "senders": 5, "initialEnvelopes": 5}""").RootElement);

        var result = await RunAsync(scenario);

        var stats = result.Scenarios.Single().Stats;
        Assert.True(result.Passed, string.Join("; ", result.Audits.SelectMany(a => a.Findings)));
        Assert.Equal(300, stats.Count);
        Assert.Contains(stats.Steps, s => s.Name == "create");
        Assert.Contains(stats.Steps, s => s.Name == "grab");
    }

    [Fact]
    public async Task Wallet_read_reads_balance_and_ledger_and_passes_the_audit()
    {
        var scenario = WalletReadScenario.Create(NewTarget(new FakeHongbaoServer()))
            .WithLoadSimulations(Simulation.IterationsForConstant(2, 40))
            .WithCustomSettings(System.Text.Json.JsonDocument.Parse("""{"users": 10}""").RootElement);

        var result = await RunAsync(scenario);

        Assert.True(result.Passed, string.Join("; ", result.Audits.SelectMany(a => a.Findings)));
        Assert.Equal(["balance", "ledger"], result.Scenarios.Single().Stats.Steps.Select(s => s.Name).Order());
    }
}
