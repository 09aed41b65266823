namespace Hongbao.Contracts.Envelopes;

/// <summary>One envelope (key: its id). Every grab of the envelope is decided here, in memory, one at a time.</summary>
[Alias("hongbao.envelope")]
public interface IEnvelopeGrain : IGrainWithStringKey
{
    /// <summary>Opens a funded envelope; called by the sender's wallet, repeatedly until it succeeds.</summary>
    [Alias("open")] Task<EnvelopeDetails> OpenAsync(EnvelopeOpening opening);

    /// <summary>Grants at most one share per user; answers only once the share is durable.</summary>
    [Alias("grab")] Task<GrabResult> GrabAsync(string userId);

    /// <summary>The durable view with every grab, or null when no such envelope was opened: for the engine and operators.</summary>
    [Alias("details")] Task<EnvelopeDetails?> GetDetailsAsync();

    /// <summary>
    /// The durable view as <paramref name="readerId"/> may see it: null unless opened and the reader is the sender, in
    /// the audience, or the envelope has none. It carries the first grabs, as many as the view limit allows (Hongbao:Envelopes:ViewGrabsMax).
    /// </summary>
    [Alias("view")] Task<EnvelopeDetails?> GetViewAsync(string readerId);

    /// <summary>Up to <paramref name="limit"/> durable grabs from position <paramref name="from"/>, under the same rule as the view.</summary>
    [Alias("grab-page")] Task<GrabPage?> GetGrabsAsync(string readerId, int from, int limit);

    /// <summary>
    /// Runs due settlement now (pending credits and, once expired, the refund) and returns the view.
    /// The settlement reminder calls the same path; operators and tests may call it to avoid waiting.
    /// </summary>
    [Alias("settle")] Task<EnvelopeDetails?> SettleAsync();
}
