using Hongbao.Grains.Envelopes;

namespace Hongbao.Api.Envelopes;

/// <summary>The answer to a grab; <see cref="Outcome"/> is granted or alreadyGrabbed.</summary>
public sealed record GrabView(string EnvelopeId, string UserId, long Amount, GrabOutcome Outcome, DateTimeOffset GrabbedAt)
{
    public static GrabView From(string envelopeId, GrabResult result) =>
        new(envelopeId, result.Grab!.UserId, result.Grab.AmountFen, result.Outcome, result.Grab.GrabbedAt);
}
