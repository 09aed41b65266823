namespace Hongbao.Grains.Persistence;

/// <summary>Where envelopes are stored: a versioned header row plus insert-only chunk rows.</summary>
public interface IEnvelopeRows
{
    /// <summary>The stored envelope, or null if it was never written.</summary>
    Task<StoredEnvelope?> ReadAsync(string envelopeKey);

    /// <summary>
    /// Completes once the transaction holding the change has committed (<see cref="RowWriteOutcome.Committed"/>),
    /// or with <see cref="RowWriteOutcome.VersionConflict"/> if it could not apply; throws if the transaction failed.
    /// </summary>
    Task<RowWriteOutcome> WriteAsync(EnvelopeWrite write);
}
