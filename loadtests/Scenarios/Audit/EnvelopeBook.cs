using Hongbao.LoadTests.Scenarios.Api;

namespace Hongbao.LoadTests.Scenarios.Audit;

/// <summary>
/// Where the envelopes' money went, from their final views. A settled envelope's grabs and refund are in wallets;
/// an unsettled one's remaining amount is held, and its grabs may or may not be credited yet.
/// </summary>
internal sealed class EnvelopeBook
{
    private readonly Dictionary<string, long> sentBySender = [];
    private readonly Dictionary<string, long> settledCredits = [];
    private readonly Dictionary<string, long> pendingCredits = [];
    private int openCount;
    private int settledCount;
    private int waitingCount;

    public long UnsettledRemaining { get; private set; }
    public long UnsettledGrabbed { get; private set; }

    public static EnvelopeBook From(IEnumerable<EnvelopeView> envelopes)
    {
        var book = new EnvelopeBook();
        foreach (var envelope in envelopes)
        {
            book.Add(envelope);
        }

        return book;
    }

    public long SentBy(string userId) => sentBySender.GetValueOrDefault(userId);
    public long SettledCreditsFor(string userId) => settledCredits.GetValueOrDefault(userId);
    public long PendingCreditsFor(string userId) => pendingCredits.GetValueOrDefault(userId);

    public IEnumerable<string> Notes()
    {
        yield return $"{settledCount} envelopes settled, {waitingCount} exhausted or expired but not settled, {openCount} still open";
        if (openCount > 0)
        {
            yield return "open envelopes do not settle (only exhausted or expired ones do): their grabs are checked as a range";
        }
    }

    private void Add(EnvelopeView envelope)
    {
        Add(sentBySender, envelope.SenderId, envelope.TotalAmount);
        var grabs = envelope.Grabs ?? [];
        if (envelope.Status == WireNames.Settled)
        {
            settledCount++;
            foreach (var grab in grabs)
            {
                Add(settledCredits, grab.UserId, grab.Amount);
            }

            Add(settledCredits, envelope.SenderId, envelope.TotalAmount - grabs.Sum(g => g.Amount));
            return;
        }

        if (envelope.Status == WireNames.Open)
        {
            openCount++;
        }
        else
        {
            waitingCount++;
        }

        foreach (var grab in grabs)
        {
            Add(pendingCredits, grab.UserId, grab.Amount);
        }

        UnsettledGrabbed += grabs.Sum(g => g.Amount);
        UnsettledRemaining += envelope.RemainingAmount;
        // An expired envelope's remainder goes back to the sender once it settles.
        if (envelope.Status == WireNames.Expired)
        {
            Add(pendingCredits, envelope.SenderId, envelope.RemainingAmount);
        }
    }

    private static void Add(Dictionary<string, long> totals, string userId, long amount) =>
        totals[userId] = totals.GetValueOrDefault(userId) + amount;
}
