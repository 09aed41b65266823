using Hongbao.Grains.Common;
using Hongbao.Grains.Envelopes.Kinds;
using Hongbao.Grains.Envelopes.Settlement;
using Hongbao.Grains.Persistence;
using Hongbao.Grains.Telemetry;
using Hongbao.Grains.Wallets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Hongbao.Grains.Envelopes;

/// <summary>
/// Where a grab is decided. Reentrant: grabs are decided one turn at a time on <see cref="GroupCommit{TState}.Working"/>
/// and wait together for the next storage write (group commit). Credits reach wallets afterwards, through the
/// durable outbox formed by the grabs after <see cref="EnvelopeState.CreditedShares"/> (<see cref="EnvelopeSettlement"/>).
/// </summary>
[Reentrant]
public sealed class EnvelopeGrain : Grain, IEnvelopeGrain, IRemindable
{
    private readonly EnvelopeOptions options;
    private readonly EngineClock clock;
    private readonly IShareRandom random;
    private readonly EnvelopeStore store;
    private readonly GroupCommit<EnvelopeState> commit;
    private readonly EnvelopeSettlement settlement;
    private readonly EnvelopeGauges gauges = new();
    private readonly Dictionary<string, int> grabPositionByUser = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim writePerGrabGate = new(1, 1);
    private HashSet<string>? audience;

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
        store = new EnvelopeStore(rows, this.GetPrimaryKeyString(), this.options.GrabChunkSize);
        commit = new GroupCommit<EnvelopeState>(store, Reloaded, () => DeactivateOnIdle());
        settlement = new EnvelopeSettlement(this, commit, credits, gauges, this.options, clock, logger);
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
        settlement.Kick();
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
            if (!await settlement.Reminder.ExistsAsync())
            {
                await settlement.Reminder.EnsureAsync(Working, dueSoon: true);
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
        await settlement.Reminder.EnsureAsync(Working, dueSoon: true);
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

            if (position >= commit.Committed.CreditedShares)
            {
                await settlement.EnsureComesBackSoonAsync();
            }

            return new GrabResult(GrabOutcome.AlreadyGrabbed, earlier);
        }

        var now = clock.UtcNow;
        var refusal = Refusal(current, userId, now);
        if (refusal is { } outcome)
        {
            return GrabResult.Refused(outcome);
        }

        var amountFen = EnvelopeKinds.Of(current.Kind).NextShareFen(current, random);
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
        settlement.Kick();
        await settlement.EnsureComesBackSoonAsync();
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

        if (current.Grabs.Count - current.CreditedShares - settlement.DeliveredAhead >= options.SettlementBacklogMax)
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
        await settlement.SettleNowAsync();
        return commit.Committed.IsOpened ? Describe(commit.Committed) : null;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => settlement.OnReminderAsync();

    private void Reloaded(EnvelopeState state)
    {
        EnvelopeInvariants.CheckAll(state);
        settlement.StartOver();
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

    private EnvelopeDetails Describe(EnvelopeState s, int grabsMax = int.MaxValue) => EnvelopeDescription.Of(s, clock.UtcNow, grabsMax);
}
