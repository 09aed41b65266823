using Hongbao.Grains.Envelopes;

namespace Hongbao.Grains.Persistence;

/// <summary>
/// One envelope change: the new header, and the chunks sealed since the last write (inserted once, never
/// rewritten). All of it commits or none of it, and only if the header is still at <see cref="ExpectedVersion"/>
/// (null: the envelope has never been written).
/// </summary>
public sealed record EnvelopeWrite(
    string EnvelopeKey,
    long? ExpectedVersion,
    int GrabChunkSize,
    EnvelopeState Header,
    ImmutableList<SealedChunk> NewChunks);

/// <summary>A full run of grabs at position <see cref="Index"/> × chunk size.</summary>
public sealed record SealedChunk(int Index, GrabChunk Chunk);
