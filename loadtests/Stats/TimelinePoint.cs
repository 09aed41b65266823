namespace Hongbao.LoadTests.Stats;

/// <summary>One second of a scenario: throughput and latency within that second.</summary>
public sealed record TimelinePoint(int Second, long OkCount, long FailCount, long Dropped, double P50Ms, double P99Ms)
{
    /// <summary>OK answers of that second that were expected refusals; the rest of <c>OkCount</c> succeeded.</summary>
    public long Refused { get; init; }
}
