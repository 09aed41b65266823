namespace Hongbao.Grains.Envelopes;

/// <summary>A sealed, full run of grabs, stored once in its own row (see <see cref="EnvelopeStore"/>).</summary>
[GenerateSerializer, Immutable, Alias("hongbao.grab-chunk")]
public sealed record GrabChunk([property: Id(0)] ImmutableList<Grab> Grabs);
