using System.ComponentModel.DataAnnotations;

namespace Hongbao.Grains.Envelopes;

/// <summary>Limits and settlement bounds of envelopes, bound from "Hongbao:Envelopes".</summary>
public sealed class EnvelopeOptions
{
    public const string Section = "Hongbao:Envelopes";

    /// <summary>Every share is at least one fen (docs/invariants.md).</summary>
    public const long ShareMinFen = 1;

    [Range(1, 1_000_000)] public int SharesMax { get; set; } = 100_000;

    [Range(1, 1_000_000_000_000)] public long TotalMaxFen { get; set; } = 10_000_000_000;

    [Range(0, 10_000)] public int GreetingLengthMax { get; set; } = 200;

    [Range(1, 100_000)] public int AudienceMax { get; set; } = 1_000;

    /// <summary>Grabs carried by an envelope's view; the rest are read page by page (GET /envelopes/{id}/grabs).</summary>
    [Range(0, 10_000)] public int ViewGrabsMax { get; set; } = 100;

    [Range(1, 31_536_000)] public int TtlDefaultSeconds { get; set; } = 86_400;

    [Range(1, 31_536_000)] public int TtlMinSeconds { get; set; } = 60;

    [Range(1, 31_536_000)] public int TtlMaxSeconds { get; set; } = 7 * 86_400;

    /// <summary>
    /// Grabs per sealed storage chunk: a write holds at most this many grabs besides the envelope's totals,
    /// however many shares the envelope has.
    /// </summary>
    [Range(16, 100_000)] public int GrabChunkSize { get; set; } = 512;

    /// <summary>Acknowledged grabs whose wallet credit is still pending; beyond it grabs are refused as overloaded.</summary>
    [Range(1, 10_000_000)] public int SettlementBacklogMax { get; set; } = 200_000;

    /// <summary>
    /// Wallet credits sent in parallel by one envelope. Each credit is a wallet change, and the storage writer
    /// commits the changes waiting together in one transaction, so a larger batch means fewer, fuller transactions.
    /// </summary>
    [Range(1, 10_000)] public int SettlementBatchMax { get; set; } = 256;

    /// <summary>
    /// How often settlement progress is written when no grab write carries it. At most this much progress is
    /// redone (idempotently) after a crash.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")] public TimeSpan SettlementCheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Delay before a failed credit is retried; it doubles with each failure of the same credit.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")] public TimeSpan SettlementRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between retries of one failing credit.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")] public TimeSpan SettlementRetryDelayMax { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Period of the durable settlement reminder (Orleans' minimum is one minute).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")] public TimeSpan SettlementReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The naive comparison mode for benchmarks: every grab is written alone, one after another,
    /// instead of sharing a group-commit write. Never for production.
    /// </summary>
    public bool WritePerGrab { get; set; }
}
