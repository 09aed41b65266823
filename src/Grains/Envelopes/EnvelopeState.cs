namespace Hongbao.Grains.Envelopes;

/// <summary>
/// The persisted envelope: an immutable snapshot, replaced whole on every change, so the reentrant
/// grain can keep deciding grabs while the storage serializes the previous snapshot.
/// Grabs are credited in order: the first <see cref="CreditedShares"/> grabs have reached their wallets.
/// </summary>
[GenerateSerializer, Immutable, Alias("hongbao.envelope-state")]
public sealed record EnvelopeState
{
    [Id(0)] public string EnvelopeId { get; init; } = "";
    [Id(1)] public EnvelopeKind Kind { get; init; }
    [Id(2)] public string SenderId { get; init; } = "";
    [Id(3)] public string? Greeting { get; init; }
    [Id(4)] public long TotalFen { get; init; }
    [Id(5)] public int Shares { get; init; }
    [Id(6)] public long AmountPerShareFen { get; init; }
    [Id(7)] public ImmutableArray<string> Audience { get; init; } = [];
    [Id(8)] public DateTimeOffset CreatedAt { get; init; }
    [Id(9)] public DateTimeOffset ExpiresAt { get; init; }
    [Id(10)] public ImmutableList<Grab> Grabs { get; init; } = [];
    [Id(11)] public long PaidFen { get; init; }
    [Id(12)] public long RemainingFen { get; init; }
    [Id(13)] public int CreditedShares { get; init; }
    [Id(14)] public bool Refunded { get; init; }
    [Id(15)] public long RefundedFen { get; init; }
    [Id(16)] public long CreditedFen { get; init; }

    /// <summary>
    /// In storage only: how many of the first grabs live in sealed chunk rows rather than in <see cref="Grabs"/>.
    /// In memory the grain always holds every grab and this is 0.
    /// </summary>
    [Id(17)] public int SealedGrabCount { get; init; }

    /// <summary>
    /// The refund has reached the sender's wallet. <see cref="Refunded"/> is written first, so that once the refund is
    /// decided no grab can succeed, whatever the clock says; the money is held by the envelope until this is set.
    /// </summary>
    [Id(18)] public bool RefundPaid { get; init; }

    public bool IsOpened => EnvelopeId.Length > 0;

    public int RemainingShares => Shares - Grabs.Count;

    public bool IsExhausted => Grabs.Count == Shares;

    /// <summary>Once refunded, an envelope stays expired even if the wall clock steps back.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => !IsExhausted && (Refunded || now >= ExpiresAt);

    public bool IsSettledAt(DateTimeOffset now) =>
        CreditedShares == Grabs.Count && (IsExhausted || (IsExpiredAt(now) && Refunded && RefundPaid));

    /// <summary>Money still held: unclaimed and not paid back, plus granted but not yet credited.</summary>
    public long HeldFen => (RefundPaid ? 0 : RemainingFen) + UncreditedFen;

    public long UncreditedFen => PaidFen - CreditedFen;
}
