using Hongbao.LoadTests.Harness;
using Hongbao.LoadTests.Scenarios;
using Hongbao.LoadTests.Scenarios.Audit;
using Hongbao.LoadTests.Simulations;
using Hongbao.LoadTests.Tests.Fakes;

namespace Hongbao.LoadTests.Tests;

/// <summary>Each hongbao scenario end to end against the in-memory API: load, audit, verdict.</summary>
public sealed class HongbaoScenarioTests
{
    private static async Task<HongbaoTarget> NewTargetAsync(FakeHongbaoServer server) =>
        new(await server.CreateApiAsync(), new RunLedger(), "t", new MoneyAuditOptions { SettleTimeout = TimeSpan.FromSeconds(2), PollInterval = TimeSpan.FromMilliseconds(10) });

    private static Task<RunResult> RunAsync(ScenarioProps scenario) =>
        LoadTestRunner.RegisterScenarios(scenario.WithoutWarmUp()).WithoutReports().WithoutConsoleOutput()
            .RunAsync(TestContext.Current.CancellationToken);

    [Fact]
    public async Task Hot_envelope_exhausts_counts_late_grabs_as_expected_and_passes_the_audit()
    {
        var scenario = HotEnvelopeScenario.Create(await NewTargetAsync(new FakeHongbaoServer()))
            .WithLoadSimulations(Simulation.IterationsForConstant(8, 200));

        var result = await RunAsync(scenario);

        var stats = result.Scenarios.Single().Stats;
        Assert.True(result.Passed, string.Join("; ", result.Audits.SelectMany(a => a.Findings)));
        Assert.Equal(200, stats.Ok.Count);
        Assert.Equal(180, stats.StatusCodes.Single(c => c.StatusCode == "201").Count); // 90% of planned grabs
        Assert.Equal(20, stats.StatusCodes.Single(c => c.StatusCode == "409 envelope_exhausted").Count);
        Assert.Equal("grab", stats.Steps.Single().Name);
        // The headline counts grants only: exhausted answers are refusals, apart from successes.
        Assert.Equal((180, 20), (stats.Ok.Succeeded, stats.Ok.Refused));
        Assert.Equal(180, stats.Steps.Single().Ok.Succeeded);
    }

    [Theory]
    [InlineData(1_000, true, 900)]
    [InlineData(5, true, 10)]
    [InlineData(10_000_000, true, HotEnvelopeScenario.SharesMax)]
    [InlineData(0, false, HotEnvelopeScenario.SharesMax)]
    public void Hot_envelope_is_sized_for_the_plan_and_for_the_closed_model_too(long planned, bool counted, int shares)
    {
        // The closed model plans no count: it used to get 10 shares and report refusals as throughput.
        Assert.Equal(shares, HotEnvelopeScenario.SharesFor(planned, counted));
    }

    [Fact]
    public async Task Retried_grabs_after_a_lost_answer_are_granted_once_and_the_audit_proves_it()
    {
        var scenario = HotEnvelopeScenario.Create((await NewTargetAsync(new FakeHongbaoServer { LosesFirstGrabAnswer = true })) with { GrabRetries = 2 })
            .WithLoadSimulations(Simulation.IterationsForConstant(4, 40));

        var result = await RunAsync(scenario);

        var stats = result.Scenarios.Single().Stats;
        Assert.True(result.Passed, string.Join("; ", result.Audits.SelectMany(a => a.Findings)));
        Assert.Equal(36, stats.StatusCodes.Single(c => c.StatusCode == "200 alreadyGrabbed after 1 retry").Count);
        Assert.Equal(36, stats.Ok.Succeeded);
        Assert.Equal(4, stats.StatusCodes.Single(c => c.StatusCode == "409 envelope_exhausted").Count);
    }

    [Fact]
    public async Task A_retry_that_is_granted_a_second_share_fails_the_audit()
    {
        var server = new FakeHongbaoServer { LosesFirstGrabAnswer = true, GrantsSecondShare = true };
        var scenario = HotEnvelopeScenario.Create((await NewTargetAsync(server)) with { GrabRetries = 1 })
            .WithLoadSimulations(Simulation.IterationsForConstant(2, 10));

        var result = await RunAsync(scenario);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.Audits.Single().Findings, f => f.Contains("holds 2 shares", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_retries_a_lost_answer_is_a_failure()
    {
        var scenario = HotEnvelopeScenario.Create(await NewTargetAsync(new FakeHongbaoServer { LosesFirstGrabAnswer = true }))
            .WithLoadSimulations(Simulation.IterationsForConstant(2, 10));

        var stats = (await RunAsync(scenario)).Scenarios.Single().Stats;

        Assert.Equal(10, stats.StatusCodes.Single(c => c.StatusCode == "503 overloaded" && c.IsError).Count);
    }

    [Fact]
    public async Task Hot_envelope_fails_the_run_when_credits_are_lost()
    {
        var scenario = HotEnvelopeScenario.Create(await NewTargetAsync(new FakeHongbaoServer { LosesCredits = true }))
            .WithLoadSimulations(Simulation.IterationsForConstant(4, 30));

        var result = await RunAsync(scenario);

        Assert.False(result.AuditsPassed);
        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task Festival_mixes_creates_and_grabs_and_passes_the_audit()
    {
        var scenario = FestivalScenario.Create(await NewTargetAsync(new FakeHongbaoServer()))
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
        var scenario = WalletReadScenario.Create(await NewTargetAsync(new FakeHongbaoServer()))
            .WithLoadSimulations(Simulation.IterationsForConstant(2, 40))
            .WithCustomSettings(System.Text.Json.JsonDocument.Parse("""{"users": 10}""").RootElement);

        var result = await RunAsync(scenario);

        Assert.True(result.Passed, string.Join("; ", result.Audits.SelectMany(a => a.Findings)));
        Assert.Equal(["balance", "ledger"], result.Scenarios.Single().Stats.Steps.Select(s => s.Name).Order());
    }
}
