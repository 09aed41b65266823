using Hongbao.Grains.Common;
using Hongbao.Grains.Envelopes;
using Hongbao.Grains.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hongbao.Grains.Wallets;

/// <summary>
/// Where a wallet's owner deposits and sends. Not reentrant: one operation at a time, each committed before it is
/// answered. Exactly once by operation id (deposits and creates by their Idempotency-Key): the ledger's rows are
/// unique on (wallet, operation id) for good, so a replay is recognised however many operations came in between.
/// Many wallets' changes share one database transaction (see IWalletRows). Shares and refunds are credited
/// beside the grain, straight into its rows (<see cref="WalletCredits"/>): so balances are read from the row, and a
/// change that finds the row's version moved is decided again from the row as it is now.
/// </summary>
public sealed class WalletGrain(
    IWalletRows rows,
    IOptions<WalletOptions> walletOptions,
    IOptions<EnvelopeOptions> envelopeOptions,
    EngineClock clock,
    ILogger<WalletGrain> logger) : Grain, IWalletGrain, IRemindable
{
    private const string OutboxReminder = "outbox";

    private readonly WalletOptions limits = walletOptions.Value;
    private WalletRow? row;
    private bool outboxReminderRegistered;
    private IGrainTimer? outboxRetryTimer;
    private FreshRead<WalletState>? balanceReads;

    private string WalletKey => this.GetPrimaryKeyString();

    private string UserId => GrainKeys.UserIdOf(WalletKey);

    /// <summary>The balance row; on its first read, an outbox left by an earlier activation is opened.</summary>
    private WalletRow Row => row ??= new WalletRow(rows, WalletKey, limits.RecentOperationsMax, firstRead =>
    {
        if (!firstRead.Outbox.IsEmpty)
        {
            ScheduleOutboxRetry(TimeSpan.Zero);
        }
    });

    private ValueTask<WalletState> StateAsync() => Row.StateAsync();

    private Task<WalletState> ReadRowAsync() => Row.ReadAsync();

    private Task<LedgerRecord?> FindAppliedAsync(string operationId) => Row.FindAppliedAsync(operationId);

    private Task<RowWriteOutcome?> DecideAndPersistAsync(Func<WalletState, WalletChange?> decide) => Row.DecideAndPersistAsync(decide);

    public async Task<DepositResult> DepositAsync(long amountFen, string idempotencyKey)
    {
        if (amountFen <= 0 || amountFen > limits.DepositMaxFen || !IsAcceptableKey(idempotencyKey))
        {
            return new DepositResult(DepositOutcome.Invalid, (await ReadRowAsync()).BalanceFen);
        }

        var operationId = "deposit:" + idempotencyKey;
        var fingerprint = amountFen.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (await FindAppliedAsync(operationId) is { } applied)
        {
            return await ReplayDepositAsync(applied, fingerprint);
        }

        var outcome = await DecideAndPersistAsync(state =>
        {
            var record = NextRecord(state, LedgerEntryKind.Deposit, amountFen, envelopeId: null, operationId, fingerprint);
            return new WalletChange(state with { BalanceFen = record.Entry.BalanceAfterFen, DepositedFen = state.DepositedFen + amountFen, LedgerSequence = record.Entry.Sequence }, [record]);
        });
        if (outcome == RowWriteOutcome.DuplicateOperation)
        {
            return await ReplayDepositAsync(await FindAppliedAsync(operationId) ?? throw DuplicateWithoutRow(operationId), fingerprint);
        }

        return new DepositResult(DepositOutcome.Applied, (await StateAsync()).BalanceFen);
    }

    public async Task<CreateEnvelopeResult> CreateEnvelopeAsync(EnvelopeSpec spec, string idempotencyKey)
    {
        var operationId = "create:" + idempotencyKey;
        var fingerprint = RequestFingerprint.Of(spec);
        if (IsAcceptableKey(idempotencyKey) && await FindAppliedAsync(operationId) is { } applied)
        {
            return await ReplayCreateAsync(applied, fingerprint);
        }

        var errors = EnvelopeSpecValidator.Validate(spec, envelopeOptions.Value).ToImmutableDictionary();
        if (!IsAcceptableKey(idempotencyKey))
        {
            errors = errors.SetItem("Idempotency-Key", [$"The Idempotency-Key must be 1-{limits.IdempotencyKeyLengthMax} printable ASCII characters."]);
        }

        if (!errors.IsEmpty)
        {
            return new CreateEnvelopeResult(CreateEnvelopeOutcome.Invalid, null, errors);
        }

        var fundedFen = spec.FundedFen;
        if ((await StateAsync()).BalanceFen < fundedFen && (await ReadRowAsync()).BalanceFen < fundedFen)
        {
            return CreateEnvelopeResult.Refused(CreateEnvelopeOutcome.InsufficientFunds);
        }

        var now = clock.UtcNow;
        var ttl = TimeSpan.FromSeconds(spec.TtlSeconds ?? envelopeOptions.Value.TtlDefaultSeconds);
        var opening = new EnvelopeOpening(EnvelopeId.New(), UserId, spec, now, now + ttl);

        // The reminder exists before the debit is durable, so a crash right after it still opens the envelope.
        await EnsureOutboxReminderAsync();
        RowWriteOutcome? outcome;
        try
        {
            outcome = await DecideAndPersistAsync(state =>
            {
                if (state.BalanceFen < fundedFen)
                {
                    return null;
                }

                var record = NextRecord(state, LedgerEntryKind.Send, -fundedFen, opening.EnvelopeId, operationId, fingerprint);
                return new WalletChange(state with { BalanceFen = record.Entry.BalanceAfterFen, LedgerSequence = record.Entry.Sequence, Outbox = state.Outbox.Add(opening) }, [record]);
            });
        }
        catch (StorageUnavailableException)
        {
            // A write reported failed may still land, even after the grain read its row again: look at the row
            // again shortly and open whatever it holds, rather than leave it to the reminder.
            ScheduleOutboxRetry(limits.OutboxRetryDelay);
            throw;
        }

        if (outcome is null)
        {
            return CreateEnvelopeResult.Refused(CreateEnvelopeOutcome.InsufficientFunds);
        }

        if (outcome == RowWriteOutcome.DuplicateOperation)
        {
            return await ReplayCreateAsync(await FindAppliedAsync(operationId) ?? throw DuplicateWithoutRow(operationId), fingerprint);
        }

        return new CreateEnvelopeResult(CreateEnvelopeOutcome.Created, await OpenedEnvelopeAsync(opening.EnvelopeId), ImmutableDictionary<string, string[]>.Empty);
    }

    /// <summary>
    /// Read from the row, never from the grain's copy: shares and refunds are credited beside the grain. Concurrent
    /// reads (the method is read-only, so they interleave) share one row read that began after each of them asked.
    /// </summary>
    public async Task<WalletBalance> GetBalanceAsync() => new(UserId, (await (balanceReads ??= new(ReadRowAsync)).ReadAsync()).BalanceFen);

    public async Task<LedgerPage> GetLedgerAsync(int limit, long? before)
    {
        var pageSize = Math.Clamp(limit, 1, limits.LedgerPageMax);
        var older = await rows.ReadLedgerAsync(WalletKey, before, pageSize + 1);
        var page = older.Count > pageSize ? older.RemoveAt(pageSize) : older;
        long? next = older.Count > pageSize ? page[^1].Sequence : null;
        return new LedgerPage(page, next);
    }

    public async Task<WalletAudit> GetAuditAsync()
    {
        var state = await ReadRowAsync();
        return new WalletAudit(UserId, state.DepositedFen, state.BalanceFen, state.OutboxFen);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await OpenOutboxAsync();
        if ((await ReadRowAsync()).Outbox.IsEmpty && await this.GetReminder(OutboxReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            outboxReminderRegistered = false;
        }
    }

    private async Task<DepositResult> ReplayDepositAsync(LedgerRecord applied, string fingerprint) =>
        applied.Fingerprint == fingerprint
            ? new DepositResult(DepositOutcome.Replayed, applied.Entry.BalanceAfterFen)
            : new DepositResult(DepositOutcome.IdempotencyKeyReused, (await ReadRowAsync()).BalanceFen);

    private async Task<CreateEnvelopeResult> ReplayCreateAsync(LedgerRecord applied, string fingerprint) =>
        RequestFingerprint.Matches(applied.Fingerprint, fingerprint)
            ? new CreateEnvelopeResult(CreateEnvelopeOutcome.Replayed, await OpenedEnvelopeAsync(applied.Entry.EnvelopeId!), ImmutableDictionary<string, string[]>.Empty)
            : CreateEnvelopeResult.Refused(CreateEnvelopeOutcome.IdempotencyKeyReused);

    private static InvariantViolationException DuplicateWithoutRow(string operationId) =>
        new($"Invariant violated: storage refused operation {operationId} as applied but holds no ledger row for it");

    /// <summary>Opens the envelope (from the outbox if it is still there) and returns its view.</summary>
    private async Task<EnvelopeDetails> OpenedEnvelopeAsync(string envelopeId)
    {
        // The outbox as last read may be stale (a write reported failed can land after the grain read its row): a
        // decision that the envelope left the outbox is made only on the row as storage holds it now.
        var pending = (await StateAsync()).Outbox.FirstOrDefault(o => o.EnvelopeId == envelopeId)
            ?? (await ReadRowAsync()).Outbox.FirstOrDefault(o => o.EnvelopeId == envelopeId);
        if (pending is null)
        {
            return await GrainFactory.Envelope(envelopeId).GetDetailsAsync()
                ?? throw new InvariantViolationException($"Envelope {envelopeId} left the outbox but is not open.");
        }

        try
        {
            var details = await GrainFactory.Envelope(envelopeId).OpenAsync(pending);
            await DecideAndPersistAsync(state => state.Outbox.Any(o => o.EnvelopeId == envelopeId)
                ? new WalletChange(state with { Outbox = state.Outbox.RemoveAll(o => o.EnvelopeId == envelopeId) }, [])
                : null);
            return details;
        }
        catch (Exception error) when (error is not InvariantViolationException)
        {
            // The money stays in the outbox; the retry timer (and the reminder after a crash) opens it later.
            logger.LogWarning(error, "Opening envelope {EnvelopeId} failed; it stays in the outbox", envelopeId);
            ScheduleOutboxRetry(limits.OutboxRetryDelay);
            throw new StorageUnavailableException($"Envelope {envelopeId} is funded but not open yet ({error.GetType().Name}: {error.Message}); retry with the same Idempotency-Key.");
        }
    }

    private async Task OpenOutboxAsync()
    {
        foreach (var pending in (await ReadRowAsync()).Outbox)
        {
            await OpenedEnvelopeAsync(pending.EnvelopeId);
        }
    }

    private void ScheduleOutboxRetry(TimeSpan delay)
    {
        outboxRetryTimer?.Dispose();
        outboxRetryTimer = this.RegisterGrainTimer(
            async () =>
            {
                try
                {
                    await OpenOutboxAsync();
                }
                catch (StorageUnavailableException)
                {
                    // Already rescheduled by the failed open.
                }
            },
            new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan));
    }

    private async Task EnsureOutboxReminderAsync()
    {
        if (!outboxReminderRegistered)
        {
            await this.RegisterOrUpdateReminder(OutboxReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            outboxReminderRegistered = true;
        }
    }

    private LedgerRecord NextRecord(WalletState state, LedgerEntryKind kind, long amountFen, string? envelopeId, string operationId, string fingerprint)
    {
        var entry = new LedgerEntry(state.LedgerSequence + 1, kind, amountFen, envelopeId, clock.UtcNow, checked(state.BalanceFen + amountFen));
        return new LedgerRecord(entry, operationId, fingerprint);
    }

    private bool IsAcceptableKey(string key) =>
        key.Length >= 1 && key.Length <= limits.IdempotencyKeyLengthMax && key.All(c => c is >= '!' and <= '~');
}
