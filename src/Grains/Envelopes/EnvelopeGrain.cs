using Hongbao.Grains.Common;
using Hongbao.Grains.Persistence;
using Hongbao.Grains.Telemetry;
using Hongbao.Grains.Wallets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Hongbao.Grains.Envelopes;

/// <summary>
/// Where a grab is decided. Reentrant: grabs are decided one turn at a time on <see cref="GroupCommit{TState}.Working"/>
/// and wait together for the next storage write (group commit). Credits reach wallets afterwards, through the
/// durable outbox formed by the grabs after <see cref="EnvelopeState.CreditedShares"/>.
/// </summary>
[Reentrant]
public sealed class EnvelopeGrain : Grain, IEnvelopeGrain, IRemindable
{
    private const string SettlementReminder = "settlement";

    private readonly EnvelopeOptions options;
    private readonly EngineClock clock;
    private readonly IShareRandom random;
    private readonly ILogger<EnvelopeGrain> logger;
    private readonly EnvelopeStore store;
    private readonly GroupCommit<EnvelopeState> commit;
    private readonly EnvelopeGauges gauges = new();
    private readonly Dictionary<string, int> grabPositionByUser = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim writePerGrabGate = new(1, 1);
    private HashSet<string>? audience;
    private Task settling = Task.CompletedTask;
    private bool settlementReminderDueSoon;
    private IGrainTimer? settlementRetryTimer;
    private readonly System.Diagnostics.Stopwatch settlementCheckpoint = System.Diagnostics.Stopwatch.StartNew();
    private readonly CreditDelivery delivery;
    private readonly WalletCredits credits;

    public EnvelopeGrain(
        IEnvelopeRows rows,
        WalletCredits credits,
        IOptions<EnvelopeOptions> options,
        EngineClock clock,
        IShareRandom random,
        ILogger<EnvelopeGrain> logger)
    {
        this.options = options.Value;
        this.clock = clock;
        this.random = random;
        this.logger = logger;
        this.credits = credits;
        store = new EnvelopeStore(rows, this.GetPrimaryKeyString(), this.options.GrabChunkSize);
        commit = new GroupCommit<EnvelopeState>(store, Reloaded, () => DeactivateOnIdle());
        delivery = new CreditDelivery(this.options.SettlementRetryDelay, this.options.SettlementRetryDelayMax);
    }

    private EnvelopeState Working => commit.Working;

    /// <summary>Grabs and other changes queued behind the write in flight: lets tests build a batch deterministically.</summary>
    internal int ChangesWaitingForWrite => commit.ChangesWaiting;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var loaded = await store.ReadAsync();
        EnvelopeInvariants.CheckAll(loaded);
        commit.StartFrom(loaded);
        Reindex(loaded);
        KickSettlement();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The silo-wide gauges count active envelopes only.
        gauges.Forget();
        return Task.CompletedTask;
    }

    public async Task<EnvelopeDetails> OpenAsync(EnvelopeOpening opening)
    {
        await commit.WhenReadyAsync();
        if (Working.IsOpened)
        {
            Invariant.Ensure(Working.EnvelopeId == opening.EnvelopeId && Working.SenderId == opening.SenderId, "an envelope is opened once, by its own sender");
            // Fails if the opening write fails: the wallet keeps the envelope in its outbox and tries again.
            await commit.WhenDurableAsync();
            if (!commit.Committed.IsOpened)
            {
                throw new StorageUnavailableException($"Envelope {opening.EnvelopeId} is not open yet; retry shortly.");
            }

            // A retry may follow a first attempt whose reminder registration failed: without it, no refund at expiry.
            if (await this.GetReminder(SettlementReminder) is null)
            {
                await ScheduleSettlementReminderAsync(dueSoon: true);
            }

            return Describe(commit.Committed);
        }

        var spec = opening.Spec;
        var opened = new EnvelopeState
        {
            EnvelopeId = opening.EnvelopeId,
            Kind = spec.Kind,
            SenderId = opening.SenderId,
            Greeting = spec.Greeting,
            TotalFen = spec.FundedFen,
            Shares = spec.Shares,
            AmountPerShareFen = spec.AmountPerShareFen.GetValueOrDefault(),
            Audience = spec.Audience.IsDefault ? [] : spec.Audience,
            CreatedAt = opening.CreatedAt,
            ExpiresAt = opening.ExpiresAt,
            RemainingFen = spec.FundedFen,
        };
        EnvelopeInvariants.Check(opened);
        Reindex(opened);
        await commit.ApplyAsync(opened);

        // The reminder makes the refund happen at expiry even if no silo holds the envelope then. It is due soon from
        // the start: a new envelope is about to be grabbed, and moving the reminder closer on its first grab would
        // cost every envelope a second durable reminder write (a transaction of its own on SQLite).
        await ScheduleSettlementReminderAsync(dueSoon: true);
        return Describe(commit.Committed);
    }

    public async Task<GrabResult> GrabAsync(string userId)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        GrabResult result;
        try
        {
            if (!options.WritePerGrab)
            {
                result = await DecideAndPersistGrabAsync(userId);
            }
            else
            {
                await writePerGrabGate.WaitAsync();
                try
                {
                    result = await DecideAndPersistGrabAsync(userId);
                }
                finally
                {
                    writePerGrabGate.Release();
                }
            }
        }
        catch (Exception)
        {
            HongbaoMetrics.GrabFailed(started);
            throw;
        }

        HongbaoMetrics.GrabAnswered(result.Outcome, started);
        return result;
    }

    private async Task<GrabResult> DecideAndPersistGrabAsync(string userId)
    {
        await commit.WhenReadyAsync();
        var current = Working;
        if (!current.IsOpened)
        {
            return GrabResult.Refused(GrabOutcome.NotFound);
        }

        if (grabPositionByUser.TryGetValue(userId, out var position))
        {
            var earlier = current.Grabs[position];
            if (position >= commit.Committed.Grabs.Count)
            {
                // The first grab of this user is still being written: answer once it is durable.
                await commit.WhenDurableAsync();
            }

            return new GrabResult(GrabOutcome.AlreadyGrabbed, earlier);
        }

        var now = clock.UtcNow;
        var refusal = Refusal(current, userId, now);
        if (refusal is { } outcome)
        {
            return GrabResult.Refused(outcome);
        }

        var amountFen = ShareSplit.NextShareFen(current.Kind, current.AmountPerShareFen, current.RemainingFen, current.RemainingShares, random);
        var grab = new Grab(userId, amountFen, now);
        var next = current with
        {
            Grabs = current.Grabs.Add(grab),
            PaidFen = current.PaidFen + amountFen,
            RemainingFen = current.RemainingFen - amountFen,
        };
        EnvelopeInvariants.Check(next);
        grabPositionByUser[userId] = current.Grabs.Count;
        gauges.Report(next, now);

        // Persist before replying: a granted grab must survive a crash.
        await commit.ApplyAsync(next);
        KickSettlement();
        return new GrabResult(GrabOutcome.Granted, grab);
    }

    private GrabOutcome? Refusal(EnvelopeState current, string userId, DateTimeOffset now)
    {
        if (audience is not null && !audience.Contains(userId))
        {
            return GrabOutcome.NotInAudience;
        }

        if (current.IsExhausted)
        {
            return GrabOutcome.Exhausted;
        }

        if (current.IsExpiredAt(now))
        {
            return GrabOutcome.Expired;
        }

        if (current.Grabs.Count - current.CreditedShares - delivery.DeliveredAhead >= options.SettlementBacklogMax)
        {
            return GrabOutcome.Overloaded;
        }

        return null;
    }

    public Task<EnvelopeDetails?> GetDetailsAsync() =>
        Task.FromResult(commit.Committed.IsOpened ? Describe(commit.Committed) : null);

    public Task<EnvelopeDetails?> GetViewAsync(string readerId) =>
        Task.FromResult(MayRead(commit.Committed, readerId) ? Describe(commit.Committed, options.ViewGrabsMax) : null);

    public Task<GrabPage?> GetGrabsAsync(string readerId, int from, int limit)
    {
        var durable = commit.Committed;
        if (!MayRead(durable, readerId))
        {
            return Task.FromResult<GrabPage?>(null);
        }

        var start = Math.Clamp(from, 0, durable.Grabs.Count);
        var count = Math.Clamp(limit, 0, durable.Grabs.Count - start);
        int? next = start + count < durable.Grabs.Count ? start + count : null;
        return Task.FromResult<GrabPage?>(new GrabPage(durable.Grabs.GetRange(start, count), next));
    }

    /// <summary>An audience-restricted envelope is shown only to its sender and audience; to others it does not exist.</summary>
    private bool MayRead(EnvelopeState s, string readerId) =>
        s.IsOpened && (audience is null || s.SenderId == readerId || audience.Contains(readerId));

    public async Task<EnvelopeDetails?> SettleAsync()
    {
        KickSettlement();
        await settling;
        await commit.WhenDurableAsync();
        return commit.Committed.IsOpened ? Describe(commit.Committed) : null;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        KickSettlement();
        await settling;
        if (!commit.Committed.IsOpened || commit.Committed.IsSettledAt(clock.UtcNow))
        {
            await ForgetSettlementReminderAsync();
        }
        else if (settlementReminderDueSoon && commit.Committed.Grabs.Count == commit.Committed.CreditedShares && !commit.Committed.IsExpiredAt(clock.UtcNow))
        {
            // Nothing left to deliver before expiry, as far as storage knows: wake up again only then. Unsaved progress
        // does not count; if it were lost, credits would wait until expiry.
            await ScheduleSettlementReminderAsync(dueSoon: false);
        }
    }

    private void KickSettlement()
    {
        if (settling.IsCompleted && HasSettlementWork(commit.Committed))
        {
            settling = SettleLoopAsync();
        }
    }

    private bool HasSettlementWork(EnvelopeState s) =>
        s.IsOpened && (s.CreditedShares < s.Grabs.Count || (s.IsExpiredAt(clock.UtcNow) && !s.RefundPaid));

    private async Task SettleLoopAsync()
    {
        try
        {
            if (!settlementReminderDueSoon)
            {
                // A backlog exists: if this silo dies now, the reminder brings the envelope back soon to finish it.
                await ScheduleSettlementReminderAsync(dueSoon: true);
            }

            while (await SettleOneStepAsync())
            {
            }

            CheckpointSettlement();
            if (delivery.NextRetryAt is { } retryAt)
            {
                ScheduleSettlementRetry(TimeSpan.FromMilliseconds(Math.Max(0, retryAt - Environment.TickCount64)));
            }
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Settlement of envelope {EnvelopeId} failed; retrying in {Delay}", this.GetPrimaryKeyString(), options.SettlementRetryDelay);
            ScheduleSettlementRetry(options.SettlementRetryDelay);
        }
    }

    /// <summary>Delivers one batch of credits, or the refund; false when nothing is left to do now.</summary>
    private async Task<bool> SettleOneStepAsync()
    {
        await commit.WhenReadyAsync();
        var durable = commit.Committed;
        var envelopeId = durable.EnvelopeId;
        // Only durable grabs are credited: a grab whose write fails is never paid.
        var batch = delivery.Take(Working.CreditedShares, durable.Grabs.Count, options.SettlementBatchMax, Environment.TickCount64);
        if (batch.Count > 0)
        {
            await Task.WhenAll(batch.Select(position => DeliverCreditAsync(envelopeId, position, durable.Grabs[position])));
            await commit.WhenReadyAsync();
            AdvanceCreditedPrefix();
            return true;
        }

        if (delivery.HasFailing)
        {
            // The refund waits for every credit; the retry timer comes back for the failed ones.
            return false;
        }

        if (!Working.Refunded)
        {
            // The refund waits until no grab is in flight: a failed write could still give its share back. It is
            // decided and written first, so that from then on no grab succeeds whatever the clock says.
            var refundDue = durable.IsExpiredAt(clock.UtcNow) && Working.Grabs.Count == durable.Grabs.Count;
            if (!refundDue)
            {
                return false;
            }

            var decided = Working with { Refunded = true, RefundedFen = Working.RemainingFen };
            EnvelopeInvariants.Check(decided);
            gauges.Report(decided, clock.UtcNow);
            await commit.ApplyAsync(decided);
            return true;
        }

        if (!Working.RefundPaid && durable.Refunded)
        {
            if (durable.RefundedFen > 0)
            {
                var refund = await credits.ApplyAsync(durable.SenderId, WalletCredit.ForRefund(envelopeId, durable.RefundedFen));
                if (refund == CreditOutcome.Applied)
                {
                    HongbaoMetrics.Refunded();
                }
            }

            await commit.WhenReadyAsync();
            var paid = Working with { RefundPaid = true };
            EnvelopeInvariants.Check(paid);
            await commit.ApplyAsync(paid);
            gauges.Report(paid, clock.UtcNow);
            return true;
        }

        return false;
    }

    private async Task DeliverCreditAsync(string envelopeId, int position, Grab grab)
    {
        try
        {
            await credits.ApplyAsync(grab.UserId, WalletCredit.ForGrab(envelopeId, grab.AmountFen));
            delivery.Delivered(position);
            HongbaoMetrics.ShareCredited(clock.UtcNow - grab.GrabbedAt);
        }
        catch (Exception error)
        {
            // One wallet failing must not hold back the others: only this credit waits, with a growing delay.
            var (attempts, retryIn) = delivery.Failed(position, Environment.TickCount64);
            HongbaoMetrics.CreditFailed();
            logger.LogWarning(error, "Credit of grab {Position} of envelope {EnvelopeId} to wallet {UserId} failed {Attempts} time(s); retrying in {Delay}",
                position, envelopeId, grab.UserId, attempts, retryIn);
        }
    }

    /// <summary>
    /// Records the credits delivered right after the credited prefix. The money is summed from the working state's
    /// own prefix: after a reload that lost unsaved progress, the prefix is lower than when the batch was taken.
    /// </summary>
    private void AdvanceCreditedPrefix()
    {
        var current = Working;
        var through = Math.Min(delivery.Advance(current.CreditedShares), current.Grabs.Count);
        if (through == current.CreditedShares)
        {
            return;
        }

        var next = current with
        {
            CreditedShares = through,
            CreditedFen = current.CreditedFen + EnvelopeInvariants.SumOf(current.Grabs, current.CreditedShares, through),
        };
        EnvelopeInvariants.Check(next);
        // Progress rides on the next write instead of asking for one per batch: a write holds the whole
        // envelope, so one per batch would throttle settlement of a hot envelope. If progress is lost in a
        // crash, the credits are delivered again and the wallets ignore them.
        commit.ApplyWithNextWrite(next);
        gauges.Report(next, clock.UtcNow);
        if (settlementCheckpoint.Elapsed >= options.SettlementCheckpointInterval)
        {
            CheckpointSettlement();
        }
    }

    /// <summary>Writes settlement progress now; a failed write is redone by the next one (the credits are idempotent).</summary>
    private void CheckpointSettlement()
    {
        settlementCheckpoint.Restart();
        if (!ReferenceEquals(Working, commit.Committed))
        {
            commit.ApplyAsync(Working).Ignore();
        }
    }

    private void ScheduleSettlementRetry(TimeSpan delay)
    {
        settlementRetryTimer?.Dispose();
        settlementRetryTimer = this.RegisterGrainTimer(
            () =>
            {
                KickSettlement();
                return Task.CompletedTask;
            },
            new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { Interleave = true });
    }

    private async Task ScheduleSettlementReminderAsync(bool dueSoon)
    {
        var untilExpiry = Working.ExpiresAt - clock.UtcNow;
        var dueAtExpiry = untilExpiry > TimeSpan.Zero ? untilExpiry : TimeSpan.Zero;
        var due = dueSoon && options.SettlementReminderPeriod < dueAtExpiry ? options.SettlementReminderPeriod : dueAtExpiry;
        await this.RegisterOrUpdateReminder(SettlementReminder, due, options.SettlementReminderPeriod);
        settlementReminderDueSoon = dueSoon;
    }

    private async Task ForgetSettlementReminderAsync()
    {
        if (await this.GetReminder(SettlementReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private void Reloaded(EnvelopeState state)
    {
        EnvelopeInvariants.CheckAll(state);
        delivery.StartOver();
        Reindex(state);
    }

    private void Reindex(EnvelopeState state)
    {
        grabPositionByUser.Clear();
        for (var i = 0; i < state.Grabs.Count; i++)
        {
            grabPositionByUser[state.Grabs[i].UserId] = i;
        }

        audience = state.Audience.IsDefaultOrEmpty ? null : state.Audience.ToHashSet(StringComparer.Ordinal);
        gauges.Report(state, clock.UtcNow);
    }

    private EnvelopeDetails Describe(EnvelopeState s, int grabsMax = int.MaxValue)
    {
        var now = clock.UtcNow;
        var status = s.IsSettledAt(now) ? EnvelopeStatus.Settled
            : s.IsExhausted ? EnvelopeStatus.Exhausted
            : s.IsExpiredAt(now) ? EnvelopeStatus.Expired
            : EnvelopeStatus.Open;
        return new EnvelopeDetails(
            s.EnvelopeId, s.Kind, s.SenderId, s.Greeting, s.TotalFen, s.Shares, s.RemainingFen, s.RemainingShares,
            status, s.CreatedAt, s.ExpiresAt, s.Grabs.Count <= grabsMax ? s.Grabs : s.Grabs.GetRange(0, grabsMax), s.IsExhausted ? BestLuck(s.Grabs) : null,
            s.HeldFen, s.CreditedShares, s.RefundedFen);
    }

    /// <summary>The largest share; ties go to the earliest grab.</summary>
    private static Grab? BestLuck(ImmutableList<Grab> grabs)
    {
        Grab? best = null;
        foreach (var grab in grabs)
        {
            if (best is null || grab.AmountFen > best.AmountFen)
            {
                best = grab;
            }
        }

        return best;
    }
}
