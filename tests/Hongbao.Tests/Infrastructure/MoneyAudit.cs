using Hongbao.Contracts.Common;
using Hongbao.Contracts.Envelopes;

namespace Hongbao.Tests.Infrastructure;

/// <summary>
/// Money conservation (docs/invariants.md): deposits = balances + held by wallets' outboxes + held by envelopes
/// (unclaimed and not paid back, plus granted but not yet credited). It holds at quiet moments, so the audit
/// first waits until no credit or refund is in flight. Every test that moves money ends with it.
/// </summary>
public static class MoneyAudit
{
    public static async Task AssertConservedAsync(IGrainFactory grains, IEnumerable<string> userIds, IEnumerable<string> envelopeIds, int seed = 0)
    {
        var envelopes = await Eventually.ReturnsAsync(
            () => Task.WhenAll(envelopeIds.Distinct().Select(e => grains.Envelope(e).GetDetailsAsync())),
            // A decided refund is quiet once the envelope has recorded it paid (settled), as a credit is once counted.
            all => all.All(e => e is null || (e.CreditedShares == e.Grabs.Count && (e.RefundedFen == 0 || e.Status == EnvelopeStatus.Settled))),
            TimeSpan.FromSeconds(60),
            "every granted share to be credited and every decided refund to be recorded");
        var wallets = await Task.WhenAll(userIds.Distinct().Select(u => grains.Wallet(u).GetAuditAsync()));
        var depositedFen = wallets.Sum(w => w.DepositedFen);
        var balancesFen = wallets.Sum(w => w.BalanceFen);
        var outboxFen = wallets.Sum(w => w.OutboxFen);
        var heldFen = envelopes.Sum(e => e?.HeldFen ?? 0);
        Assert.True(
            depositedFen == balancesFen + outboxFen + heldFen,
            $"money not conserved (seed {seed}): deposits {depositedFen} != balances {balancesFen} + outboxes {outboxFen} + envelopes {heldFen}");
        foreach (var envelope in envelopes.OfType<EnvelopeDetails>())
        {
            Assert.Equal(envelope.TotalFen, envelope.Grabs.Sum(g => g.AmountFen) + envelope.RemainingFen);
            Assert.Equal(envelope.Grabs.Count, envelope.Grabs.Select(g => g.UserId).Distinct().Count());
        }
    }
}
