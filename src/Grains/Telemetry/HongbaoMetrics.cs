using System.Diagnostics;
using System.Diagnostics.Metrics;
using Hongbao.Grains.Wallets;

namespace Hongbao.Grains.Telemetry;

/// <summary>
/// The <c>Hongbao</c> meter: what operators watch during a peak (see docs/observability.md). Static, because grains
/// record from the silo's own services, which every host (API, standalone silo, test cluster) builds differently;
/// recording costs nothing until a listener (OpenTelemetry's meter provider) enables an instrument.
/// Recording methods take no strings and allocate nothing: they run on the grab path.
/// </summary>
public static class HongbaoMetrics
{
    public const string MeterName = "Hongbao";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Grabs = Meter.CreateCounter<long>(
        "hongbao.grabs", "{grab}", "Grabs answered by envelopes, by outcome.");

    private static readonly Histogram<double> GrabDuration = Meter.CreateHistogram(
        "hongbao.grab.duration", "s", "Time an envelope takes to answer a grab, storage write included (the ack latency).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    private static readonly Histogram<int> GroupCommitBatchSize = Meter.CreateHistogram(
        "hongbao.group_commit.batch_size", "{change}", "Changes (mostly grabs) made durable by one storage write.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096] });

    private static readonly Histogram<int> TransactionChanges = Meter.CreateHistogram(
        "hongbao.storage.transaction.changes", "{change}", "Grain changes (of any grains) committed by one database transaction.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096] });

    private static readonly Histogram<double> SettlementLag = Meter.CreateHistogram(
        "hongbao.settlement.lag", "s", "Time from a grab to the credit of its share in the grabber's wallet.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });

    private static readonly UpDownCounter<long> EnvelopesOpen = Meter.CreateUpDownCounter<long>(
        "hongbao.envelopes.open", "{envelope}", "Open envelopes (not exhausted, not expired) active on this silo.");

    private static readonly Counter<long> WalletCredits = Meter.CreateCounter<long>(
        "hongbao.wallet.credits", "{credit}", "Credits delivered to wallets: applied, or duplicate (delivered again and ignored).");

    private static readonly Counter<long> Refunds = Meter.CreateCounter<long>(
        "hongbao.refunds", "{refund}", "Remainders of expired envelopes credited back to their senders (applied, not redeliveries).");

    private static readonly Counter<long> CreditFailures = Meter.CreateCounter<long>(
        "hongbao.settlement.credit_failures", "{credit}", "Wallet credits that failed and wait for a retry (the log names the wallet).");

    private static readonly KeyValuePair<string, object?>[] OutcomeTags =
    [
        Outcome("granted"), Outcome("already_grabbed"), Outcome("exhausted"), Outcome("expired"),
        Outcome("not_in_audience"), Outcome("not_found"), Outcome("overloaded"),
    ];

    private static readonly KeyValuePair<string, object?> FailedTag = Outcome("failed");

    private static readonly KeyValuePair<string, object?> AppliedTag = new("result", "applied");

    private static readonly KeyValuePair<string, object?> DuplicateTag = new("result", "duplicate");

    // Sum of every active envelope's backlog, kept by deltas so the gauge needs no registry of envelopes.
    private static long settlementBacklog;

    static HongbaoMetrics()
    {
        Meter.CreateObservableGauge(
            "hongbao.settlement.backlog", () => Volatile.Read(ref settlementBacklog), "{grab}",
            "Grabs acknowledged but not yet credited, summed over the envelopes active on this silo.");
    }

    /// <summary>Records a grab answered with <paramref name="outcome"/>, started at <paramref name="startedTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public static void GrabAnswered(GrabOutcome outcome, long startedTimestamp) =>
        RecordGrab(OutcomeTags[(int)outcome], startedTimestamp);

    /// <summary>Records a grab that failed with an exception (storage unavailable): nothing was acknowledged.</summary>
    public static void GrabFailed(long startedTimestamp) => RecordGrab(FailedTag, startedTimestamp);

    public static void BatchWritten(int changes) => GroupCommitBatchSize.Record(changes);

    public static void TransactionCommitted(int changes) => TransactionChanges.Record(changes);

    public static void ShareCredited(TimeSpan sinceGrab) => SettlementLag.Record(Math.Max(0, sinceGrab.TotalSeconds));

    public static void EnvelopesOpenChanged(int delta) => EnvelopesOpen.Add(delta);

    public static void SettlementBacklogChanged(long delta) => Interlocked.Add(ref settlementBacklog, delta);

    public static void CreditDelivered(CreditOutcome outcome) =>
        WalletCredits.Add(1, outcome == CreditOutcome.Applied ? AppliedTag : DuplicateTag);

    public static void Refunded() => Refunds.Add(1);

    public static void CreditFailed() => CreditFailures.Add(1);

    private static void RecordGrab(KeyValuePair<string, object?> outcome, long startedTimestamp)
    {
        Grabs.Add(1, outcome);
        GrabDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, outcome);
    }

    private static KeyValuePair<string, object?> Outcome(string value) => new("outcome", value);
}
