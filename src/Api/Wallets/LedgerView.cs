using System.Globalization;
using Hongbao.Contracts.Wallets;

namespace Hongbao.Api.Wallets;

/// <summary>A ledger page, newest first; <see cref="Next"/> is the opaque cursor for <c>before</c>, or null at the end.</summary>
public sealed record LedgerView(IReadOnlyList<LedgerEntryView> Entries, string? Next)
{
    public static LedgerView From(LedgerPage page) =>
        new(page.Entries.Select(LedgerEntryView.From).ToList(), page.NextBefore?.ToString(CultureInfo.InvariantCulture));
}
