using Hongbao.Grains.Envelopes;

namespace Hongbao.Grains.Persistence;

/// <summary>
/// An envelope as storage holds it: the header row (totals and the unsealed tail of grabs) and the sealed
/// chunk rows, in order. <see cref="GrabChunkSize"/> is the size the envelope was written with, whatever the
/// setting says today.
/// </summary>
public sealed record StoredEnvelope(long Version, int GrabChunkSize, EnvelopeState Header, ImmutableList<GrabChunk> Chunks);
