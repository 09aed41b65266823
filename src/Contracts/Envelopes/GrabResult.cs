namespace Hongbao.Contracts.Envelopes;

/// <summary>The answer to a grab. <see cref="Grab"/> is set for Granted and AlreadyGrabbed only.</summary>
[GenerateSerializer, Immutable, Alias("hongbao.grab-result")]
public sealed record GrabResult(
    [property: Id(0)] GrabOutcome Outcome,
    [property: Id(1)] Grab? Grab)
{
    public static GrabResult Refused(GrabOutcome outcome) => new(outcome, null);
}
