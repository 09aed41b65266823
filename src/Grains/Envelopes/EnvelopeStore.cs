using Hongbao.Grains.Common;
using Hongbao.Grains.Persistence;

namespace Hongbao.Grains.Envelopes;

/// <summary>
/// Persists an envelope so that a write costs O(chunk), not O(grabs): full runs of grabs are sealed into chunk
/// rows, inserted once and never rewritten, and the header row keeps the totals and the unsealed tail. A write's
/// new chunks and its header commit together, and only if the header is still at the version this activation
/// last read or wrote, so a stale activation can neither move the header nor touch a sealed chunk.
/// The chunk size is stored with the envelope: changing the setting never misreads an old one.
/// </summary>
public sealed class EnvelopeStore(IEnvelopeRows rows, string envelopeKey, int newEnvelopeChunkSize) : IDurableState<EnvelopeState>
{
    private long? version;
    private int chunkSize;
    private int sealedChunks;

    /// <summary>Reads header and chunks; in memory the grain holds every grab and <see cref="EnvelopeState.SealedGrabCount"/> is 0.</summary>
    public async Task<EnvelopeState> ReadAsync()
    {
        var stored = await rows.ReadAsync(envelopeKey);
        if (stored is null)
        {
            version = null;
            chunkSize = 0;
            sealedChunks = 0;
            return new EnvelopeState();
        }

        Invariant.Ensure(stored.Chunks.Count * stored.GrabChunkSize == stored.Header.SealedGrabCount, "every sealed grab chunk is in storage");
        Invariant.Ensure(stored.Chunks.All(c => c.Grabs.Count == stored.GrabChunkSize), "a sealed chunk holds exactly one chunk of grabs");
        version = stored.Version;
        chunkSize = stored.GrabChunkSize;
        sealedChunks = stored.Chunks.Count;
        return stored.Header with
        {
            Grabs = [.. stored.Chunks.SelectMany(c => c.Grabs), .. stored.Header.Grabs],
            SealedGrabCount = 0,
        };
    }

    public async Task WriteAsync(EnvelopeState snapshot)
    {
        if (chunkSize == 0)
        {
            // Never written: the envelope takes today's setting, for good.
            chunkSize = newEnvelopeChunkSize;
        }

        var chunksNow = snapshot.Grabs.Count / chunkSize;
        var newChunks = Enumerable.Range(sealedChunks, chunksNow - sealedChunks)
            .Select(index => new SealedChunk(index, new GrabChunk(snapshot.Grabs.GetRange(index * chunkSize, chunkSize))))
            .ToImmutableList();
        var sealedGrabs = chunksNow * chunkSize;
        var header = snapshot with
        {
            Grabs = snapshot.Grabs.GetRange(sealedGrabs, snapshot.Grabs.Count - sealedGrabs),
            SealedGrabCount = sealedGrabs,
        };
        var outcome = await rows.WriteAsync(new EnvelopeWrite(envelopeKey, version, chunkSize, header, newChunks));
        if (outcome != RowWriteOutcome.Committed)
        {
            throw new StorageUnavailableException($"Envelope {envelopeKey} was written by another activation ({outcome}); nothing of this write was stored.");
        }

        version = (version ?? 0) + 1;
        sealedChunks = chunksNow;
    }
}
