namespace Hongbao.Cluster.Tests.Failure;

/// <summary>The promise to users (docs/invariants.md): an acknowledged share is never lost nor given twice, and shares sum exactly.</summary>
public static class AcknowledgedGrabs
{
    public static ShareFigures AssertKept(IReadOnlyCollection<EnvelopeDocument> envelopes, IReadOnlyCollection<UserResult> results)
    {
        foreach (var envelope in envelopes)
        {
            Assert.Equal(envelope.TotalAmount, envelope.Grabs.Sum(g => g.Amount) + envelope.RemainingAmount);
            Assert.Equal(envelope.Shares, envelope.Grabs.Count + envelope.RemainingShares);
            Assert.All(envelope.Grabs, g => Assert.True(g.Amount >= 1, $"{g.UserId} holds {g.Amount} fen"));
        }

        var figures = Count(envelopes, results, out var lost);
        Assert.True(figures.Lost == 0, $"{figures.Lost} acknowledged grabs are not in their envelope: {string.Join("; ", lost.Take(10))}");
        Assert.True(figures.Double == 0, $"{figures.Double} users hold two shares of one envelope");
        return figures;
    }

    /// <summary>The figures alone, for a report written before anything is asserted.</summary>
    public static ShareFigures Count(IReadOnlyCollection<EnvelopeDocument> envelopes, IReadOnlyCollection<UserResult> results) =>
        Count(envelopes, results, out _);

    private static ShareFigures Count(IReadOnlyCollection<EnvelopeDocument> envelopes, IReadOnlyCollection<UserResult> results, out List<string> lost)
    {
        var held = envelopes.SelectMany(e => e.Grabs.Select(g => (Envelope: e.Id, g.UserId, g.Amount))).ToList();
        var doubled = held.GroupBy(g => (g.Envelope, g.UserId)).Count(group => group.Count() > 1);
        var acknowledged = results.Where(r => r.Acknowledged).ToList();
        lost = acknowledged
            .Where(r => !held.Contains((r.User.EnvelopeId, r.User.UserId, r.Final.Amount!.Value)))
            .Select(r => $"{r.User.UserId}: told {r.Final.Amount} fen ({r.Final.Outcome}) from {r.User.EnvelopeId}")
            .ToList();
        var acknowledgedUsers = acknowledged.Select(r => (r.User.EnvelopeId, r.User.UserId)).ToHashSet();
        var heldWithoutAck = held.Count(g => !acknowledgedUsers.Contains((g.Envelope, g.UserId)));
        return new ShareFigures(acknowledged.Count, lost.Count, doubled, heldWithoutAck);
    }
}
