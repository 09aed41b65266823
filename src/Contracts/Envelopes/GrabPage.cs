namespace Hongbao.Contracts.Envelopes;

/// <summary>Durable grabs in grab order from one position; <see cref="Next"/> is where the following page starts, or null.</summary>
[GenerateSerializer, Immutable, Alias("hongbao.grab-page")]
public sealed record GrabPage(
    [property: Id(0)] ImmutableList<Grab> Grabs,
    [property: Id(1)] int? Next);
