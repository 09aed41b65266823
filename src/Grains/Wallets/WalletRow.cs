using System.Diagnostics;
using Hongbao.Grains.Persistence;

namespace Hongbao.Grains.Wallets;

/// <summary>
/// A wallet's balance row as its grain knows it: read when first needed, adopted after each change the grain commits,
/// and read again whenever the grain can no longer trust it. Credits are written beside the grain, so a change is
/// decided from this copy and, when the row's version moved, decided again from the row as it is now.
/// </summary>
public sealed class WalletRow(IWalletRows rows, string walletKey, int recentOperationsMax, Action<WalletState> onFirstRead)
{
    /// <summary>
    /// How long an operation goes on deciding again while the row keeps moving under it. Every move is another
    /// operation that committed (a credit, mostly: a festival grabber's wallet takes one per share), so deciding
    /// again is progress, not a fault; a count would fail a busy grabber's deposit after a few credits. The budget
    /// stays inside the API's grain-call timeout, so the caller gets a 503 to retry rather than a timeout.
    /// </summary>
    private static readonly TimeSpan DecideTimeMax = TimeSpan.FromSeconds(2);

    private readonly RecentOperations recent = new(recentOperationsMax);
    private WalletState? loaded;

    /// <summary>The balance row as last read or written; reading it when first needed.</summary>
    public async ValueTask<WalletState> StateAsync() => loaded ?? await ReadAsync();

    /// <summary>The balance row as it is now: credits may have moved it since this grain last read or wrote it.</summary>
    public async Task<WalletState> ReadAsync()
    {
        var firstRead = loaded is null;
        var stored = WalletState.From(await rows.ReadAsync(walletKey));
        WalletInvariants.Check(stored);
        loaded = stored;
        if (firstRead)
        {
            onFirstRead(stored);
        }

        return stored;
    }

    /// <summary>The operation's ledger row if it was ever applied: from memory when recent, else from storage.</summary>
    public async Task<LedgerRecord?> FindAppliedAsync(string operationId)
    {
        if (recent.TryGet(operationId, out var cached))
        {
            return cached;
        }

        var stored = await rows.FindOperationAsync(walletKey, operationId);
        if (stored is not null)
        {
            recent.Remember(stored);
        }

        return stored;
    }

    /// <summary>
    /// Decides the change from the row as this grain knows it and commits it. If the row's version moved (a credit
    /// was written beside the grain, or another activation wrote), the row is read again and the change decided
    /// again from it. Null when <paramref name="decide"/> finds the change no longer possible.
    /// </summary>
    public async Task<RowWriteOutcome?> DecideAndPersistAsync(Func<WalletState, WalletChange?> decide)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var state = await StateAsync();
            if (decide(state) is not { } change)
            {
                return null;
            }

            var outcome = await PersistAsync(state, change);
            if (outcome != RowWriteOutcome.VersionConflict)
            {
                return outcome;
            }

            if (Stopwatch.GetElapsedTime(started) > DecideTimeMax)
            {
                throw new StorageUnavailableException("The wallet kept changing under this operation; nothing was applied. Retry.");
            }
        }
    }

    /// <summary>
    /// Commits the change and adopts it, or keeps the state as it was: on <see cref="RowWriteOutcome.DuplicateOperation"/>
    /// nothing was written and the caller answers as a replay. Anything else unacknowledged reloads the wallet
    /// from storage: on <see cref="RowWriteOutcome.VersionConflict"/> nothing was written and the caller decides
    /// again; a failed transaction may have committed after all, so it is answered as unavailable.
    /// </summary>
    private async Task<RowWriteOutcome> PersistAsync(WalletState state, WalletChange change)
    {
        var (next, entries) = change;
        WalletInvariants.CheckChange(state, next, entries);
        RowWriteOutcome outcome;
        try
        {
            outcome = await rows.WriteAsync(new WalletWrite(walletKey, state.Version, next.BalanceFen, next.DepositedFen, next.LedgerSequence, next.Outbox, entries));
        }
        catch (Exception writeError)
        {
            await ReloadAsync();
            throw new StorageUnavailableException($"The wallet change was not acknowledged: {writeError.Message}");
        }

        switch (outcome)
        {
            case RowWriteOutcome.Committed:
                loaded = next with { Version = (state.Version ?? 0) + 1 };
                foreach (var record in entries)
                {
                    recent.Remember(record);
                }

                return outcome;
            case RowWriteOutcome.DuplicateOperation:
                return outcome;
            default:
                await ReloadAsync();
                return outcome;
        }
    }

    /// <summary>
    /// Reads the row again after an unacknowledged change (storage is the only truth now). If it cannot be read, the
    /// next operation tries again.
    /// </summary>
    private async Task ReloadAsync()
    {
        recent.Clear();
        loaded = null;
        try
        {
            await StateAsync();
        }
        catch (Exception)
        {
            // Left unread: StateAsync reads it when the next operation needs it.
        }
    }
}
