using System.Globalization;

namespace Hongbao.LoadTests.Reports;

/// <summary>Invariant-culture number formatting shared by every report.</summary>
internal static class ReportFormat
{
    /// <summary>What the figures mean, printed at the top of every report.</summary>
    public const string Legend =
        "success/s counts OK answers that were business successes (a grant, a created envelope, a read); refused counts " +
        "OK answers that were expected refusals (envelope exhausted, already grabbed, sender out of funds); rps counts every answer. " +
        "Latency counts from the intended start (the open model's arrival time; for later steps the previous step's end), " +
        "so a stalled server or generator shows as latency; service time counts from the actual start. Milliseconds.";

    /// <summary>Says when a scenario's supply ran out and what the headline rate then covers.</summary>
    public static string Exhaustion(Stats.ScenarioStats scenario) =>
        $"{scenario.Name}: ran out at {Seconds1(scenario.SuccessWindow)} s of {Seconds1(scenario.Duration)} s measured (the envelope's " +
        $"last share was gone); success/s {Rate(scenario.SuccessRps)} counts the successes over those {Seconds1(scenario.SuccessWindow)} s " +
        $"(spread over the whole run it would read {Rate(scenario.Duration <= TimeSpan.Zero ? 0 : scenario.Ok.Succeeded / scenario.Duration.TotalSeconds)}); " +
        "give the envelope more shares (--shares) to measure the whole run";

    /// <summary>" over 5.2 s" after a success rate whose window was cut short by exhaustion; empty otherwise.</summary>
    public static string Window(Stats.ScenarioStats scenario) =>
        scenario.ExhaustedAt is null ? "" : $" over {Seconds1(scenario.SuccessWindow)} s (then it ran out)";

    public static string Outcome(Stats.StatusCodeStats code) => code.IsError ? "fail" : code.IsRefusal ? "refused" : "ok";

    public static string Ms(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
    public static string Rate(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
    public static string Percent(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
    public static string Seconds1(TimeSpan value) => value.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
    public static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
