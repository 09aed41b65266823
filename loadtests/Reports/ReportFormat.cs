using System.Globalization;

namespace Hongbao.LoadTests.Reports;

/// <summary>Invariant-culture number formatting shared by every report.</summary>
internal static class ReportFormat
{
    public static string Ms(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
    public static string Rate(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
    public static string Percent(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
    public static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
