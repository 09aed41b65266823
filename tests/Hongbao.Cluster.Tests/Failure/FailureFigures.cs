namespace Hongbao.Cluster.Tests.Failure;

/// <summary>Summaries of what clients saw around a fault, for the figures each failure test prints.</summary>
public static class FailureFigures
{
    /// <summary>From the fault to the first grab sent after it that was acknowledged; null if none was.</summary>
    public static TimeSpan? RecoveryAfter(IEnumerable<GrabEvent> events, DateTime faultAt) =>
        events.Where(e => e.Reply.Acknowledged && e.SentAt >= faultAt).Select(e => (DateTime?)e.AnsweredAt).Min() - faultAt;

    /// <summary>Failed answers by status and problem code, e.g. "503 overloaded ×12, 0 client_timeout ×1".</summary>
    public static string Failures(IEnumerable<GrabEvent> events)
    {
        var failures = events.Where(e => e.Reply.Retryable).GroupBy(e => $"{e.Reply.Status} {e.Reply.Code}").OrderBy(g => g.Key).ToList();
        return failures.Count == 0 ? "none" : string.Join(", ", failures.Select(g => $"{g.Key} ×{g.Count()}"));
    }

    /// <summary>The longest stretch in which no grab was acknowledged, between the first and the last that were.</summary>
    public static TimeSpan LongestGap(IEnumerable<GrabEvent> events)
    {
        var acknowledged = events.Where(e => e.Reply.Acknowledged).Select(e => e.AnsweredAt).Order().ToList();
        return acknowledged.Zip(acknowledged.Skip(1), (earlier, later) => later - earlier).DefaultIfEmpty().Max();
    }

    public static int FailureCount(IEnumerable<GrabEvent> events) => events.Count(e => e.Reply.Retryable);

    public static TimeSpan SlowestAnswer(IEnumerable<GrabEvent> events) =>
        events.Select(e => e.Reply.Latency).DefaultIfEmpty().Max();
}
