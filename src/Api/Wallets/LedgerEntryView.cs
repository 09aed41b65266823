using Hongbao.Contracts.Wallets;

namespace Hongbao.Api.Wallets;

/// <summary>One ledger entry; <see cref="Amount"/> is signed (a send is negative).</summary>
public sealed record LedgerEntryView(LedgerEntryKind Kind, long Amount, string? EnvelopeId, DateTimeOffset At, long BalanceAfter)
{
    public static LedgerEntryView From(LedgerEntry entry) => new(entry.Kind, entry.AmountFen, entry.EnvelopeId, entry.At, entry.BalanceAfterFen);
}
