using Hongbao.Grains.Persistence;
using Orleans.Runtime;
using Orleans.Storage;

namespace Hongbao.Grains.Envelopes;

/// <summary>
/// Persists an envelope so that a write costs O(chunk), not O(grabs): full runs of
/// <see cref="EnvelopeOptions.GrabChunkSize"/> grabs are sealed into rows of their own ("envelope-grabs-N"),
/// written once, and the header row ("envelope") keeps the totals and the unsealed tail. A chunk is written
/// before the header that counts it, so a header never points at a missing chunk.
/// </summary>
public sealed class EnvelopeStore(IPersistentState<EnvelopeState> header, IGrainStorage storage, GrainId grainId, int chunkSize)
    : IDurableState<EnvelopeState>
{
    private readonly List<GrainState<GrabChunk>> chunks = [];

    /// <summary>The envelope as the activation loaded it: header plus every sealed chunk.</summary>
    public async Task<EnvelopeState> LoadAsync()
    {
        chunks.Clear();
        var stored = header.State;
        for (var index = 0; index * chunkSize < stored.SealedGrabCount; index++)
        {
            var chunk = new GrainState<GrabChunk>(new GrabChunk([]));
            await storage.ReadStateAsync(ChunkName(index), grainId, chunk);
            chunks.Add(chunk);
        }

        return stored with
        {
            Grabs = [.. chunks.SelectMany(c => c is { RecordExists: true, State: { } chunk } ? chunk.Grabs : throw new Common.InvariantViolationException("a sealed grab chunk is missing from storage")), .. stored.Grabs],
            SealedGrabCount = 0,
        };
    }

    public async Task WriteAsync(EnvelopeState snapshot)
    {
        var sealedCount = snapshot.Grabs.Count / chunkSize * chunkSize;
        while (chunks.Count * chunkSize < sealedCount)
        {
            await SealChunkAsync(chunks.Count, snapshot.Grabs.GetRange(chunks.Count * chunkSize, chunkSize));
        }

        header.State = snapshot with
        {
            Grabs = snapshot.Grabs.GetRange(sealedCount, snapshot.Grabs.Count - sealedCount),
            SealedGrabCount = sealedCount,
        };
        await header.WriteStateAsync();
    }

    public async Task<EnvelopeState> ReadAsync()
    {
        await header.ReadStateAsync();
        return await LoadAsync();
    }

    private async Task SealChunkAsync(int index, ImmutableList<Grab> grabs)
    {
        // A chunk may exist from a write whose header failed: read its version so the write replaces it.
        var chunk = new GrainState<GrabChunk>(new GrabChunk([]));
        await storage.ReadStateAsync(ChunkName(index), grainId, chunk);
        chunk.State = new GrabChunk(grabs);
        await storage.WriteStateAsync(ChunkName(index), grainId, chunk);
        chunks.Add(chunk);
    }

    private static string ChunkName(int index) => $"envelope-grabs-{index}";
}
