using Hongbao.Contracts.Common;

namespace Hongbao.Browser.Tests.Infrastructure;

/// <summary>Money is never created or destroyed (docs/invariants.md): deposits = balances + what envelopes hold.</summary>
public static class MoneyAudit
{
    /// <summary>
    /// Checks conservation over the wallets of <paramref name="userIds"/> (every wallet the scenario touched) and the
    /// envelopes they sent; call it once every envelope is settled, so nothing is in flight.
    /// </summary>
    public static async Task AssertConservedAsync(LiveApi api, IEnumerable<string> userIds, IEnumerable<string> envelopeIds)
    {
        var audits = await Task.WhenAll(userIds.Distinct().Select(u => api.Grains.Wallet(u).GetAuditAsync()));
        var envelopes = await Task.WhenAll(envelopeIds.Select(id => api.Grains.Envelope(id).GetDetailsAsync()));
        var deposited = audits.Sum(a => a.DepositedFen);
        var inWallets = audits.Sum(a => a.BalanceFen + a.OutboxFen);
        var heldByEnvelopes = envelopes.Sum(e => e!.HeldFen);
        Assert.True(deposited == inWallets + heldByEnvelopes,
            $"deposited {deposited} fen, but wallets have {inWallets} and envelopes hold {heldByEnvelopes}");
    }
}
