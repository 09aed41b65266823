using System.Diagnostics;
using Hongbao.Contracts.Envelopes;

namespace Hongbao.Api.Envelopes;

/// <summary>The answer to a grab: the user's share, first granted (201) or shown again (200).</summary>
public sealed record GrabView(string EnvelopeId, string UserId, long Amount, GrabViewOutcome Outcome, DateTimeOffset GrabbedAt)
{
    public static GrabView From(string envelopeId, GrabResult result) =>
        new(envelopeId, result.Grab!.UserId, result.Grab.AmountFen, OutcomeOf(result.Outcome), result.Grab.GrabbedAt);

    private static GrabViewOutcome OutcomeOf(GrabOutcome outcome) => outcome switch
    {
        GrabOutcome.Granted => GrabViewOutcome.Granted,
        GrabOutcome.AlreadyGrabbed => GrabViewOutcome.AlreadyGrabbed,
        _ => throw new UnreachableException($"{outcome} is answered with a problem, not a grab view"),
    };
}
