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

    public static string Outcome(Stats.StatusCodeStats code) => code.IsError ? "fail" : code.IsRefusal ? "refused" : "ok";

    public static string Ms(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
    public static string Rate(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
    public static string Percent(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
    public static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
