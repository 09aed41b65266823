using Hongbao.Grains.Common;
using Hongbao.Grains.Persistence;
using Hongbao.Grains.Telemetry;
using Hongbao.Grains.Wallets;
using Microsoft.Extensions.Logging;

namespace Hongbao.Grains.Envelopes.Settlement;

/// <summary>
/// Where a granted share is credited: delivers the envelope's durable grabs to their wallets in order, then the refund
/// once it expires. The durable outbox is the run of grabs after <see cref="EnvelopeState.CreditedShares"/>; progress
/// rides on the envelope's own writes. It runs on the envelope grain's scheduler, one settle loop at a time.
/// </summary>
public sealed class EnvelopeSettlement(
    IGrainBase grain,
    GroupCommit<EnvelopeState> commit,
    WalletCredits credits,
    EnvelopeGauges gauges,
    EnvelopeOptions options,
    EngineClock clock,
    ILogger logger)
{
    private readonly CreditDelivery delivery = new(options.SettlementRetryDelay, options.SettlementRetryDelayMax);
    private readonly System.Diagnostics.Stopwatch sinceCheckpoint = System.Diagnostics.Stopwatch.StartNew();
    private Task settling = Task.CompletedTask;
    private IGrainTimer? retryTimer;

    public SettlementReminder Reminder { get; } = new(grain, clock, options);

    /// <summary>Credits delivered past the durable prefix: they no longer count toward the backlog bound.</summary>
    public int DeliveredAhead => delivery.DeliveredAhead;

    private EnvelopeState Working => commit.Working;

    /// <summary>Starts the settle loop unless it runs already or nothing is owed.</summary>
    public void Kick()
    {
        if (settling.IsCompleted && HasWork(commit.Committed))
        {
            settling = SettleLoopAsync();
        }
    }

    /// <summary>Runs what is due now and waits for it, and for its progress to be durable.</summary>
    public async Task SettleNowAsync()
    {
        Kick();
        await settling;
        await commit.WhenDurableAsync();
    }

    /// <summary>The reminder's turn: settle, then keep the reminder only as long as it is needed, and as soon as needed.</summary>
    public async Task OnReminderAsync()
    {
        Kick();
        await settling;
        var durable = commit.Committed;
        if (!durable.IsOpened || durable.IsSettledAt(clock.UtcNow))
        {
            await Reminder.ForgetAsync();
        }
        else if (durable.Grabs.Count == durable.CreditedShares && !durable.IsExpiredAt(clock.UtcNow))
        {
            // Nothing left to deliver before expiry, as far as storage knows: wake up again only then. Unsaved progress
            // does not count; if it were lost, credits would wait until expiry.
            await Reminder.EnsureAsync(Working, dueSoon: false);
        }
    }

    /// <summary>
    /// Returns once the reminder would bring the envelope back soon. A grab is answered only then, so a silo that dies
    /// right after answering cannot leave its credit until expiry. It costs a reminder write only after the reminder
    /// moved towards expiry, in a new activation, or after a failed registration.
    /// </summary>
    public async Task EnsureComesBackSoonAsync()
    {
        try
        {
            await Reminder.EnsureAsync(Working, dueSoon: true);
        }
        catch (Exception error) when (error is not StorageUnavailableException)
        {
            throw new StorageUnavailableException($"The grab is durable but the settlement reminder could not be registered ({error.GetType().Name}: {error.Message}); retry to see it.");
        }
    }

    /// <summary>After a reload, delivery starts again from the durable prefix; wallets ignore credits sent twice.</summary>
    public void StartOver() => delivery.StartOver();

    private bool HasWork(EnvelopeState s) =>
        s.IsOpened && (s.CreditedShares < s.Grabs.Count || (s.IsExpiredAt(clock.UtcNow) && !s.RefundPaid));

    private async Task SettleLoopAsync()
    {
        try
        {
            // A backlog exists: if this silo dies now, the reminder brings the envelope back soon to finish it.
            await Reminder.EnsureAsync(Working, dueSoon: true);

            while (await SettleOneStepAsync())
            {
            }

            Checkpoint();
            if (delivery.NextRetryAt is { } retryAt)
            {
                ScheduleRetry(TimeSpan.FromMilliseconds(Math.Max(0, retryAt - Environment.TickCount64)));
            }
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Settlement of envelope {EnvelopeId} failed; retrying in {Delay}", commit.Committed.EnvelopeId, options.SettlementRetryDelay);
            ScheduleRetry(options.SettlementRetryDelay);
        }
    }

    /// <summary>Delivers one batch of credits, or the refund; false when nothing is left to do now.</summary>
    private async Task<bool> SettleOneStepAsync()
    {
        await commit.WhenReadyAsync();
        var durable = commit.Committed;
        // Only durable grabs are credited: a grab whose write fails is never paid.
        var batch = delivery.Take(Working.CreditedShares, durable.Grabs.Count, options.SettlementBatchMax, Environment.TickCount64);
        if (batch.Count > 0)
        {
            await Task.WhenAll(batch.Select(position => DeliverCreditAsync(durable.EnvelopeId, position, durable.Grabs[position])));
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
            return await DecideRefundAsync(durable);
        }

        if (!Working.RefundPaid && durable.Refunded)
        {
            await PayRefundAsync(durable);
            return true;
        }

        return false;
    }

    /// <summary>
    /// The refund waits until no grab is in flight: a failed write could still give its share back. It is decided and
    /// written first, so that from then on no grab succeeds whatever the clock says.
    /// </summary>
    private async Task<bool> DecideRefundAsync(EnvelopeState durable)
    {
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

    private async Task PayRefundAsync(EnvelopeState durable)
    {
        if (durable.RefundedFen > 0)
        {
            var refund = await credits.ApplyAsync(durable.SenderId, WalletCredit.ForRefund(durable.EnvelopeId, durable.RefundedFen));
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
        if (sinceCheckpoint.Elapsed >= options.SettlementCheckpointInterval)
        {
            Checkpoint();
        }
    }

    /// <summary>Writes settlement progress now; a failed write is redone by the next one (the credits are idempotent).</summary>
    private void Checkpoint()
    {
        sinceCheckpoint.Restart();
        if (!ReferenceEquals(Working, commit.Committed))
        {
            commit.ApplyAsync(Working).Ignore();
        }
    }

    private void ScheduleRetry(TimeSpan delay)
    {
        retryTimer?.Dispose();
        retryTimer = grain.RegisterGrainTimer(
            () =>
            {
                Kick();
                return Task.CompletedTask;
            },
            new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { Interleave = true });
    }
}
