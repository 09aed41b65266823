using System.Text.Json;
using Hongbao.LoadTests.Cli;
using Hongbao.LoadTests.Simulations;

namespace Hongbao.LoadTests.Tests;

public sealed class CliTests
{
    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("00:00:05", 5_000)]
    public void Parses_durations(string text, double milliseconds)
    {
        Assert.Equal(milliseconds, DurationParser.Parse(text).TotalMilliseconds);
    }

    [Fact]
    public void Reads_nbomber_style_load_simulation_settings()
    {
        using var json = JsonDocument.Parse("""
            [{"RampingInject": [100, "00:00:01", "00:00:10"]}, {"Inject": [100, "00:00:01", "00:00:30"]},
             {"InjectRandom": [5, 10, "00:00:01", "00:00:05"]}, {"RampingConstant": [10, "00:00:05"]},
             {"KeepConstant": [10, "00:00:30"]}, {"IterationsForConstant": [4, 1000]}, {"Pause": ["00:00:02"]}]
            """);

        var simulations = json.RootElement.EnumerateArray().Select(SimulationSettingsParser.Parse).ToList();

        Assert.Equal(new RampingInject(100, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)), simulations[0]);
        Assert.Equal(new KeepConstant(10, TimeSpan.FromSeconds(30)), simulations[4]);
        Assert.Equal(1000, ((IterationsForConstant)simulations[5]).Iterations);
        Assert.Equal(new Pause(TimeSpan.FromSeconds(2)), simulations[6]);
        Assert.Throws<FormatException>(() => SimulationSettingsParser.Parse(JsonDocument.Parse("""{"Nope": [1]}""").RootElement));
    }

    [Fact]
    public async Task Flags_override_the_config_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hongbao-config-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """
            {
              "GlobalSettings": { "TargetUrls": ["http://127.0.0.1:6000"], "Thresholds": ["dropped = 0"] },
              "ScenariosSettings": [{
                "ScenarioName": "hot-envelope", "WarmUpDuration": "00:00:02", "MaxInFlight": 64,
                "LoadSimulationsSettings": [{"KeepConstant": [8, "00:00:10"]}],
                "CustomSettings": {"shares": 1000}
              }]
            }
            """, TestContext.Current.CancellationToken);
        try
        {
            var config = await ConfigFile.LoadAsync(path, TestContext.Current.CancellationToken);
            var entry = ScenarioCatalog.Find("hot-envelope")!;
            var scenario = entry.Create(null!);

            var fromConfig = RunCommandHandler.Configure(entry, scenario, new RunOptions { Scenario = entry.Name }, config.For(entry.Name));
            var fromFlags = RunCommandHandler.Configure(entry, scenario,
                new RunOptions { Scenario = entry.Name, Rate = 50, Duration = TimeSpan.FromSeconds(3), WarmUp = TimeSpan.Zero }, config.For(entry.Name));

            Assert.Equal(["http://127.0.0.1:6000"], config.GlobalSettings!.TargetUrls);
            Assert.Equal([new KeepConstant(8, TimeSpan.FromSeconds(10))], fromConfig.LoadSimulations);
            Assert.Equal(TimeSpan.FromSeconds(2), fromConfig.WarmUpDuration);
            Assert.Equal(64, fromConfig.MaxInFlight);
            Assert.Equal(1000, fromConfig.CustomSettings!.Value.GetProperty("shares").GetInt32());
            Assert.Equal([new Inject(50, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3))], fromFlags.LoadSimulations);
            Assert.Equal(TimeSpan.Zero, fromFlags.WarmUpDuration);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_mix_splits_the_load_by_weight()
    {
        var mix = ScenarioMix.Parse("festival:80, wallet-read:15,hot-envelope:5");

        Assert.Equal(["festival", "wallet-read", "hot-envelope"], mix.Parts.Select(p => p.Name));
        Assert.Equal(0.8, mix.Parts[0].Weight, 9);
        Assert.Equal(new Inject(800, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)),
            ScenarioMix.Scale(Simulation.Inject(1000, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)), mix.Parts[0].Weight));
        Assert.Equal(new KeepConstant(1, TimeSpan.FromSeconds(5)),
            ScenarioMix.Scale(Simulation.KeepConstant(10, TimeSpan.FromSeconds(5)), mix.Parts[2].Weight));
        Assert.False(ScenarioMix.Parse("ping").IsMixed);
        Assert.Throws<FormatException>(() => ScenarioMix.Parse("ping:0"));
        Assert.Throws<FormatException>(() => ScenarioMix.Parse("ping,ping"));
    }

    [Fact]
    public void Shares_and_arrivals_flags_reach_the_scenario_and_config_durations_take_the_short_form()
    {
        var entry = ScenarioCatalog.Find("hot-envelope")!;
        using var custom = JsonDocument.Parse("""{"Shares": 5, "averageShareFen": 7}""");

        var scenario = RunCommandHandler.Configure(entry, entry.Create(null!),
            new RunOptions { Scenario = entry.Name, Copies = 16, Shares = 250_000, Arrivals = "poisson" },
            new ScenarioSettings { WarmUpDuration = "5s", CustomSettings = custom.RootElement });

        Assert.Equal(250_000, scenario.CustomSettings!.Value.GetProperty("shares").GetInt32());
        Assert.False(scenario.CustomSettings!.Value.TryGetProperty("Shares", out _));
        Assert.Equal(7, scenario.CustomSettings!.Value.GetProperty("averageShareFen").GetInt32());
        Assert.Equal(ArrivalPattern.Poisson, scenario.Arrivals);
        Assert.Equal(TimeSpan.FromSeconds(5), scenario.WarmUpDuration);
    }

    [Fact]
    public async Task A_target_that_is_down_exits_5_and_nothing_else_does()
    {
        var error = new StringWriter();
        var down = $"http://127.0.0.1:{Hongbao.LoadTests.Engine.LoopbackPort.Free()}";
        var parse = CliApp.Create(EngineSeams.NotWired).Parse(["run", "hot-envelope", "--target", down, "--duration", "1s", "--warmup", "0s"]);

        var exitCode = await parse.InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = TextWriter.Null, Error = error },
            TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.TargetUnavailable, exitCode);
        Assert.Contains("could not start against its target", error.ToString());
    }

    [Theory]
    [InlineData("run hot-envelope --embedded", ExitCodes.NotAvailable)]
    [InlineData("run hot-envelope --mode grain", ExitCodes.NotAvailable)]
    [InlineData("run no-such-scenario", ExitCodes.UsageError)]
    [InlineData("run festival:2,nope:1", ExitCodes.UsageError)]
    [InlineData("run mix", ExitCodes.UsageError)]
    [InlineData("merge /nonexistent/hongbao-reports", ExitCodes.UsageError)]
    [InlineData("run hot-envelope --target http://10.1.2.3:5080", ExitCodes.UsageError)]
    [InlineData("list", ExitCodes.Passed)]
    public async Task Unwired_modes_and_bad_input_exit_with_a_clear_code(string commandLine, int expected)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var parse = CliApp.Create(EngineSeams.NotWired).Parse(commandLine.Split(' '));

        var exitCode = await parse.InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error },
            TestContext.Current.CancellationToken);

        Assert.Equal(expected, exitCode);
        if (expected == ExitCodes.NotAvailable)
        {
            Assert.Contains("not available in this build", error.ToString());
        }
    }
}
