using System.Collections.Concurrent;
using Hongbao.LoadTests.Audit;
using Hongbao.LoadTests.Scenarios.Api;

namespace Hongbao.LoadTests.Scenarios.Audit;

/// <summary>
/// The post-run money audit (the conservation rule of docs/invariants.md: a load test that lost or created money
/// fails, whatever its throughput), over everything the run touched:
/// one share per user per envelope, exhausted envelopes paid out exactly their total, every wallet's balance
/// explained by what the run did, and deposits = balances + money still held by envelopes.
/// Only exhausted or expired envelopes settle; for envelopes still open the not-yet-credited part is a range.
/// </summary>
public static class MoneyAudit
{
    public static async Task<AuditResult> RunAsync(
        string name, IHongbaoApi api, RunLedger ledger, MoneyAuditOptions options, CancellationToken cancellation)
    {
        var findings = new List<string>();
        var notes = new List<string>();
        await ResolveUnansweredAsync(api, ledger, notes, cancellation);
        findings.AddRange(ledger.Conflicts);

        var envelopes = await WaitForSettlementAsync(api, ledger, options, findings, cancellation);
        var book = EnvelopeBook.From(envelopes.Values);
        foreach (var envelope in envelopes.Values)
        {
            CheckEnvelope(envelope, ledger, findings);
        }

        notes.AddRange(book.Notes());

        var balances = await ReadBalancesAsync(api, ledger, options, findings, cancellation);
        CheckWallets(ledger, book, balances, findings);
        var money = CheckConservation(ledger, book, balances, findings, notes);
        notes.Add($"{envelopes.Count} envelopes, {ledger.Grants.Count} acknowledged grabs, {balances.Count} wallets audited");
        return AuditResult.FromFindings(name, findings, notes) with { Money = money };
    }

    /// <summary>A call that got no answer may or may not have applied: replaying its idempotency key tells.</summary>
    private static async Task ResolveUnansweredAsync(IHongbaoApi api, RunLedger ledger, List<string> notes, CancellationToken cancellation)
    {
        foreach (var (key, (userId, amount)) in ledger.UnansweredDeposits.ToArray())
        {
            ledger.RecordDeposit(await api.DepositAsync(userId, amount, key, cancellation), userId, amount, key);
        }

        foreach (var (key, (senderId, request)) in ledger.UnansweredCreates.ToArray())
        {
            ledger.RecordCreate(await api.CreateEnvelopeAsync(senderId, request, key, cancellation), senderId, request, key);
        }

        var unresolved = ledger.UnansweredDeposits.Count + ledger.UnansweredCreates.Count;
        if (unresolved > 0)
        {
            throw new InvalidOperationException($"{unresolved} unanswered deposits or creates stayed unanswered on replay");
        }
    }

    private static async Task<ConcurrentDictionary<string, EnvelopeView>> WaitForSettlementAsync(
        IHongbaoApi api, RunLedger ledger, MoneyAuditOptions options, List<string> findings, CancellationToken cancellation)
    {
        var deadline = DateTimeOffset.UtcNow + options.SettleTimeout;
        var latest = new ConcurrentDictionary<string, EnvelopeView>();
        var unsettled = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(ledger.Envelopes,
            new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellation },
            async (created, token) =>
            {
                // Open envelopes will not settle by waiting; exhausted and expired ones settle once credits drain.
                while (true)
                {
                    var read = await api.GetEnvelopeAsync(options.ReaderUserId, created.Id, token);
                    if (read.Value is { } view)
                    {
                        latest[created.Id] = view;
                    }

                    var status = read.Value?.Status;
                    if (status is WireNames.Settled or WireNames.Open)
                    {
                        return;
                    }

                    if (DateTimeOffset.UtcNow >= deadline)
                    {
                        unsettled.Add($"{created.Id} ({status ?? $"read failed: {read.StatusCode}"})");
                        return;
                    }
                    await Task.Delay(options.PollInterval, token);
                }
            });
        // The view carries only the first grabs of a large envelope: the rest are paged, so every grab is checked.
        await Parallel.ForEachAsync(latest.ToArray(),
            new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellation },
            async (entry, token) =>
            {
                var view = entry.Value;
                if ((view.Grabs?.Count ?? 0) < view.Shares - view.RemainingShares)
                {
                    latest[entry.Key] = view with { Grabs = await EveryGrabAsync(api, options.ReaderUserId, view, token) };
                }
            });
        foreach (var created in ledger.Envelopes.Where(e => !latest.ContainsKey(e.Id)))
        {
            findings.Add($"envelope {created.Id} could not be read back");
        }

        if (!unsettled.IsEmpty)
        {
            findings.Add($"{unsettled.Count} envelopes did not settle within {options.SettleTimeout.TotalSeconds:0} s: " +
                         string.Join(", ", unsettled.Take(10)));
        }

        return latest;
    }

    private static async Task<IReadOnlyList<GrabEntry>> EveryGrabAsync(IHongbaoApi api, string readerUserId, EnvelopeView envelope, CancellationToken cancellation)
    {
        var grabs = new List<GrabEntry>();
        string? cursor = null;
        // Every page holds at least one grab, so an envelope has at most as many pages as shares.
        for (var pages = 0; pages <= envelope.Shares; pages++)
        {
            var page = await api.GetGrabPageAsync(readerUserId, envelope.Id, cursor, cancellation);
            var value = page.Value ?? throw new InvalidOperationException($"the grabs of envelope {envelope.Id} could not be paged: {page.StatusCode}");
            grabs.AddRange(value.Grabs);
            cursor = value.Next;
            if (cursor is null)
            {
                return grabs;
            }
        }

        throw new InvalidOperationException($"the grabs of envelope {envelope.Id} paged past its {envelope.Shares} shares");
    }

    private static void CheckEnvelope(EnvelopeView envelope, RunLedger ledger, List<string> findings)
    {
        var grabs = envelope.Grabs ?? [];
        foreach (var twice in grabs.GroupBy(g => g.UserId).Where(g => g.Count() > 1))
        {
            findings.Add($"user {twice.Key} holds {twice.Count()} shares of envelope {envelope.Id}");
        }

        foreach (var bad in grabs.Where(g => g.Amount < 1))
        {
            findings.Add($"envelope {envelope.Id} paid {bad.Amount} fen to {bad.UserId}: every share is at least 1 fen");
        }

        var paid = grabs.Sum(g => g.Amount);
        var allSharesTaken = envelope.RemainingShares == 0;
        if (allSharesTaken && paid != envelope.TotalAmount)
        {
            findings.Add($"exhausted envelope {envelope.Id} paid out {paid} fen of its {envelope.TotalAmount}");
        }

        if (envelope.Status is WireNames.Open or WireNames.Exhausted && paid + envelope.RemainingAmount != envelope.TotalAmount)
        {
            findings.Add($"envelope {envelope.Id}: paid {paid} + remaining {envelope.RemainingAmount} != total {envelope.TotalAmount}");
        }

        if (paid > envelope.TotalAmount)
        {
            findings.Add($"envelope {envelope.Id} paid out {paid} fen, more than its total {envelope.TotalAmount}");
        }

        var recorded = grabs.GroupBy(g => g.UserId).ToDictionary(g => g.Key, g => g.First().Amount);
        foreach (var ((envelopeId, userId), amount) in ledger.Grants.Where(g => g.Key.EnvelopeId == envelope.Id))
        {
            if (!recorded.TryGetValue(userId, out var stored))
            {
                findings.Add($"acknowledged grab of {amount} fen by {userId} is missing from envelope {envelopeId}");
            }
            else if (stored != amount)
            {
                findings.Add($"user {userId} was acknowledged {amount} fen but envelope {envelopeId} records {stored}");
            }
        }
    }

    private static async Task<ConcurrentDictionary<string, long>> ReadBalancesAsync(
        IHongbaoApi api, RunLedger ledger, MoneyAuditOptions options, List<string> findings, CancellationToken cancellation)
    {
        var balances = new ConcurrentDictionary<string, long>();
        var unreadable = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(ledger.Users,
            new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellation },
            async (userId, token) =>
            {
                var wallet = await api.GetWalletAsAdminAsync(userId, token);
                if (wallet.Value is { } view)
                {
                    balances[userId] = view.Balance;
                }
                else
                {
                    unreadable.Add($"{userId} ({wallet.StatusCode})");
                }
            });
        if (!unreadable.IsEmpty)
        {
            findings.Add($"{unreadable.Count} wallets could not be read: {string.Join(", ", unreadable.Take(10))}");
        }

        return balances;
    }

    private static void CheckWallets(RunLedger ledger, EnvelopeBook book, IReadOnlyDictionary<string, long> balances, List<string> findings)
    {
        foreach (var (userId, balance) in balances)
        {
            if (balance < 0)
            {
                findings.Add($"wallet {userId} is negative: {balance}");
            }

            var settledExpected = ledger.DepositsFor(userId) - book.SentBy(userId) + book.SettledCreditsFor(userId);
            var pending = book.PendingCreditsFor(userId);
            if (balance < settledExpected || balance > settledExpected + pending)
            {
                findings.Add(pending == 0
                    ? $"wallet {userId} holds {balance} fen, the run explains {settledExpected}"
                    : $"wallet {userId} holds {balance} fen, the run explains {settledExpected}..{settledExpected + pending}");
            }
        }
    }

    private static MoneyTotals CheckConservation(
        RunLedger ledger, EnvelopeBook book, IReadOnlyDictionary<string, long> balances, List<string> findings, List<string> notes)
    {
        var money = new MoneyTotals(ledger.TotalDeposits, balances.Values.Sum(), book.UnsettledRemaining,
            book.UnsettledRemaining + book.UnsettledGrabbed);
        if (money.IsConserved)
        {
            notes.Add($"money conserved: {money.Describe()}");
        }
        else
        {
            findings.Add($"money not conserved: {money.Describe()}");
        }

        return money;
    }
}
