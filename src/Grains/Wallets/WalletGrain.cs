using Hongbao.Grains.Common;
using Hongbao.Grains.Envelopes;
using Hongbao.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Hongbao.Grains.Wallets;

/// <summary>
/// Where money is credited and debited. Not reentrant: one operation at a time, each persisted before it is
/// answered. Idempotent by operation id: deposits and creates by their Idempotency-Key, credits by envelope.
/// </summary>
public sealed class WalletGrain(
    [PersistentState("wallet", "hongbao")] IPersistentState<WalletState> storage,
    IOptions<WalletOptions> walletOptions,
    IOptions<EnvelopeOptions> envelopeOptions,
    EngineClock clock,
    ILogger<WalletGrain> logger) : Grain, IWalletGrain, IRemindable
{
    private const string OutboxReminder = "outbox";

    private readonly WalletOptions limits = walletOptions.Value;
    private bool outboxReminderRegistered;
    private IGrainTimer? outboxRetryTimer;

    private WalletState State => storage.State;

    private string UserId => GrainKeys.UserIdOf(this.GetPrimaryKeyString());

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        WalletInvariants.Check(State, limits);
        if (!State.Outbox.IsEmpty)
        {
            ScheduleOutboxRetry(TimeSpan.Zero);
        }

        return Task.CompletedTask;
    }

    public async Task<DepositResult> DepositAsync(long amountFen, string idempotencyKey)
    {
        if (amountFen <= 0 || amountFen > limits.DepositMaxFen || !IsAcceptableKey(idempotencyKey))
        {
            return new DepositResult(DepositOutcome.Invalid, State.BalanceFen);
        }

        var operationId = "deposit:" + idempotencyKey;
        var fingerprint = amountFen.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (State.Applied.TryGetValue(operationId, out var applied))
        {
            return applied.Fingerprint == fingerprint
                ? new DepositResult(DepositOutcome.Replayed, applied.BalanceAfterFen)
                : new DepositResult(DepositOutcome.IdempotencyKeyReused, State.BalanceFen);
        }

        var next = Record(State, LedgerEntryKind.Deposit, amountFen, envelopeId: null) with
        {
            DepositedFen = State.DepositedFen + amountFen,
        };
        next = Remember(next, operationId, new AppliedOperation(fingerprint, next.BalanceFen, null));
        await PersistAsync(next);
        return new DepositResult(DepositOutcome.Applied, next.BalanceFen);
    }

    public async Task<CreateEnvelopeResult> CreateEnvelopeAsync(EnvelopeSpec spec, string idempotencyKey)
    {
        var operationId = "create:" + idempotencyKey;
        var fingerprint = spec.Fingerprint();
        if (State.Applied.TryGetValue(operationId, out var applied))
        {
            return applied.Fingerprint == fingerprint
                ? new CreateEnvelopeResult(CreateEnvelopeOutcome.Replayed, await OpenedEnvelopeAsync(applied.EnvelopeId!), ImmutableDictionary<string, string[]>.Empty)
                : CreateEnvelopeResult.Refused(CreateEnvelopeOutcome.IdempotencyKeyReused);
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
        if (State.BalanceFen < fundedFen)
        {
            return CreateEnvelopeResult.Refused(CreateEnvelopeOutcome.InsufficientFunds);
        }

        var now = clock.UtcNow;
        var ttl = TimeSpan.FromSeconds(spec.TtlSeconds ?? envelopeOptions.Value.TtlDefaultSeconds);
        var opening = new EnvelopeOpening(EnvelopeId.New(), UserId, spec, now, now + ttl);

        // The reminder exists before the debit is durable, so a crash right after it still opens the envelope.
        await EnsureOutboxReminderAsync();
        var next = Record(State, LedgerEntryKind.Send, -fundedFen, opening.EnvelopeId) with { Outbox = State.Outbox.Add(opening) };
        next = Remember(next, operationId, new AppliedOperation(fingerprint, next.BalanceFen, opening.EnvelopeId));
        await PersistAsync(next);

        return new CreateEnvelopeResult(CreateEnvelopeOutcome.Created, await OpenedEnvelopeAsync(opening.EnvelopeId), ImmutableDictionary<string, string[]>.Empty);
    }

    public async Task<CreditOutcome> CreditAsync(WalletCredit credit)
    {
        Invariant.Ensure(credit.AmountFen > 0, "a credit is positive");
        if (State.Applied.ContainsKey(credit.OperationId))
        {
            HongbaoMetrics.CreditDelivered(CreditOutcome.Duplicate);
            return CreditOutcome.Duplicate;
        }

        var next = Record(State, credit.Kind, credit.AmountFen, credit.EnvelopeId);
        next = Remember(next, credit.OperationId, new AppliedOperation(credit.AmountFen.ToString(System.Globalization.CultureInfo.InvariantCulture), next.BalanceFen, credit.EnvelopeId));
        await PersistAsync(next);
        HongbaoMetrics.CreditDelivered(CreditOutcome.Applied);
        return CreditOutcome.Applied;
    }

    public Task<WalletBalance> GetBalanceAsync() => Task.FromResult(new WalletBalance(UserId, State.BalanceFen));

    public Task<LedgerPage> GetLedgerAsync(int limit, long? before)
    {
        var pageSize = Math.Clamp(limit, 1, limits.LedgerMax);
        var older = State.Ledger.Reverse().Where(e => before is null || e.Sequence < before).Take(pageSize + 1).ToList();
        var page = older.Take(pageSize).ToImmutableList();
        long? next = older.Count > pageSize ? page[^1].Sequence : null;
        return Task.FromResult(new LedgerPage(page, next));
    }

    public Task<WalletAudit> GetAuditAsync() =>
        Task.FromResult(new WalletAudit(UserId, State.DepositedFen, State.BalanceFen, State.OutboxFen));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await OpenOutboxAsync();
        if (State.Outbox.IsEmpty && await this.GetReminder(OutboxReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            outboxReminderRegistered = false;
        }
    }

    /// <summary>Opens the envelope (from the outbox if it is still there) and returns its view.</summary>
    private async Task<EnvelopeDetails> OpenedEnvelopeAsync(string envelopeId)
    {
        var pending = State.Outbox.FirstOrDefault(o => o.EnvelopeId == envelopeId);
        if (pending is null)
        {
            return await GrainFactory.Envelope(envelopeId).GetDetailsAsync()
                ?? throw new InvariantViolationException($"Envelope {envelopeId} left the outbox but is not open.");
        }

        try
        {
            var details = await GrainFactory.Envelope(envelopeId).OpenAsync(pending);
            await PersistAsync(State with { Outbox = State.Outbox.Remove(pending) });
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
        foreach (var pending in State.Outbox)
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

    private async Task PersistAsync(WalletState next)
    {
        WalletInvariants.Check(next, limits);
        var previous = storage.State;
        storage.State = next;
        try
        {
            await storage.WriteStateAsync();
        }
        catch (Exception writeError)
        {
            // The write may have committed anyway: reload so memory matches storage, or start over.
            storage.State = previous;
            try
            {
                await storage.ReadStateAsync();
            }
            catch (Exception)
            {
                DeactivateOnIdle();
            }

            throw new StorageUnavailableException($"The wallet change was not acknowledged: {writeError.Message}");
        }
    }

    private WalletState Record(WalletState s, LedgerEntryKind kind, long amountFen, string? envelopeId)
    {
        var balanceFen = checked(s.BalanceFen + amountFen);
        var entry = new LedgerEntry(s.LedgerSequence + 1, kind, amountFen, envelopeId, clock.UtcNow, balanceFen);
        var ledger = s.Ledger.Add(entry);
        if (ledger.Count > limits.LedgerMax)
        {
            ledger = ledger.RemoveRange(0, ledger.Count - limits.LedgerMax);
        }

        return s with { BalanceFen = balanceFen, LedgerSequence = entry.Sequence, Ledger = ledger };
    }

    private WalletState Remember(WalletState s, string operationId, AppliedOperation operation)
    {
        var applied = s.Applied.Add(operationId, operation);
        var order = s.AppliedOrder.Add(operationId);
        while (order.Count > limits.AppliedOperationsMax)
        {
            applied = applied.Remove(order[0]);
            order = order.RemoveAt(0);
        }

        return s with { Applied = applied, AppliedOrder = order };
    }

    private bool IsAcceptableKey(string key) =>
        key.Length >= 1 && key.Length <= limits.IdempotencyKeyLengthMax && key.All(c => c is >= '!' and <= '~');
}
