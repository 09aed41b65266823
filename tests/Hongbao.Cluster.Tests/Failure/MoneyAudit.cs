using Hongbao.Contracts.Common;
using Hongbao.Contracts.Wallets;

namespace Hongbao.Cluster.Tests.Failure;

/// <summary>
/// Money conservation across the cluster (docs/invariants.md): deposits = balances + wallet outboxes + what envelopes
/// hold (unclaimed and not refunded, plus granted but not yet credited). It holds at a quiet moment, so the audit
/// first waits until every granted share has been credited. It reads grains through a test-side Orleans client,
/// because the HTTP API shows neither deposits nor outboxes.
/// </summary>
public static class MoneyAudit
{
    private static readonly TimeSpan CreditDeadline = TimeSpan.FromSeconds(60);

    public static async Task<MoneyFigures> AssertConservedAsync(IGrainFactory grains, IEnumerable<string> userIds, IEnumerable<string> envelopeIds)
    {
        var figures = await FiguresAsync(grains, userIds, envelopeIds);
        Assert.True(figures.IsConserved, $"money not conserved: {figures}");
        return figures;
    }

    /// <summary>The figures alone, once every granted share is credited, for a report written before anything is asserted.</summary>
    public static async Task<MoneyFigures> FiguresAsync(IGrainFactory grains, IEnumerable<string> userIds, IEnumerable<string> envelopeIds)
    {
        var envelopes = await Eventually.ReturnsAsync(
            () => Task.WhenAll(envelopeIds.Distinct().Select(id => grains.Envelope(id).GetDetailsAsync())),
            // A decided refund is quiet once the envelope has recorded it paid (settled), as a credit is once counted.
            all => all.All(e => e is not null && e.CreditedShares == e.Grabs.Count
                && (e.RefundedFen == 0 || e.Status == Hongbao.Contracts.Envelopes.EnvelopeStatus.Settled)),
            CreditDeadline,
            "every granted share to be credited and every decided refund to be recorded");
        var wallets = await Task.WhenAll(userIds.Distinct().Select(id => AuditAsync(grains.Wallet(id))));
        return new MoneyFigures(
            wallets.Sum(w => w.DepositedFen),
            wallets.Sum(w => w.BalanceFen),
            wallets.Sum(w => w.OutboxFen),
            envelopes.Sum(e => e!.HeldFen),
            wallets.ToDictionary(w => w.UserId));
    }

    /// <summary>As a client does: a read that failed (storage just came back after an outage) is asked again, within a deadline.</summary>
    private static async Task<WalletAudit> AuditAsync(IWalletGrain wallet) =>
        (await Eventually.ReturnsAsync(() => TryAuditAsync(wallet), audit => audit is not null, CreditDeadline, "a wallet audit that storage answers"))!;

    private static async Task<WalletAudit?> TryAuditAsync(IWalletGrain wallet)
    {
        try
        {
            return await wallet.GetAuditAsync();
        }
        catch (Exception)
        {
            return null;
        }
    }
}
