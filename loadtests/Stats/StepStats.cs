namespace Hongbao.LoadTests.Stats;

public sealed record StepStats(string Name, MeasurementStats Ok, MeasurementStats Fail, IReadOnlyList<StatusCodeStats> StatusCodes)
{
    public long Count => Ok.Count + Fail.Count;
    public double FailRatePercent => Count == 0 ? 0 : 100.0 * Fail.Count / Count;
}
