using Hongbao.Contracts.Common;
using Hongbao.Contracts.Envelopes;
using Hongbao.Contracts.Wallets;
using Hongbao.Grains.Envelopes;
using Hongbao.Tests.Faults;
using Hongbao.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hongbao.Tests.Simulation;

/// <summary>
/// One seed of the fault simulation: a random schedule of deposits, creates, grabs, repeat taps, clock steps,
/// settlement and deactivations, on storage that fails at seeded points; then a quiet phase that lets everything
/// settle, and the invariants. Names carry the seed, so seeds share one engine without touching each other.
/// A positive <paramref name="transactionFaultRate"/> also fails the row database's transactions at the driver boundary.
/// </summary>
public sealed class SeedRun(EngineCluster engine, StorageFaults faults, SteppedClock clock, int seed, double transactionFaultRate)
{
    /// <summary>Greetings as pasted text can carry them: NUL, a line break, a tab, an escape sequence.</summary>
    private static readonly string[] ControlGreetings = ["恭喜\u0000发财", "恭喜\n发财", "恭喜\t发财", "\u001b[31m红包"];

    private const int CreateAttemptsMax = 4;

    private static readonly TimeSpan CreateRetryWindow = TimeSpan.FromSeconds(5);

    private const string SettlementReminderName = "settlement";

    /// <summary>The engine's default: a reminder due soon comes back within it.</summary>
    private static readonly TimeSpan SettlementReminderPeriod = TimeSpan.FromMinutes(1);

    private readonly Random random = new(seed);
    private readonly List<string> violations = [];
    private readonly Dictionary<(string EnvelopeId, string UserId), long> acknowledged = [];
    private readonly Dictionary<string, (long Acknowledged, long Unacknowledged)> deposits = [];
    private readonly HashSet<string> knownEnvelopes = [];
    private DateTimeOffset latestNow;
    private int restarts;

    private IGrainFactory Grains => engine.Grains;

    public IReadOnlyList<string> Violations => violations;

    public int Restarts => restarts;

    public async Task RunAsync()
    {
        latestNow = clock.GetUtcNow();
        var senders = Enumerable.Range(0, 2).Select(i => $"s{seed}-sender{i}").ToArray();
        var users = Enumerable.Range(0, random.Next(3, 8)).Select(i => $"s{seed}-user{i}").ToArray();
        faults.Randomly(seed, writeRate: 0.12, reminderRate: 0.15, transactionRate: transactionFaultRate);
        faults.Quiet = false;
        try
        {
            foreach (var sender in senders)
            {
                await DepositAsync(sender, random.Next(500, 5_000), $"seed-{seed}-{sender}-0");
            }

            var steps = random.Next(15, 40);
            for (var step = 0; step < steps; step++)
            {
                await StepAsync(senders, users, step);
            }
        }
        finally
        {
            faults.Quiet = true;
        }

        await SettleEverythingAsync(senders);
        await CheckAsync(senders, users);
    }

    private async Task StepAsync(string[] senders, string[] users, int step)
    {
        var envelopes = knownEnvelopes.ToArray();
        switch (random.Next(100))
        {
            case < 12:
                var sender = senders[random.Next(senders.Length)];
                await DepositAsync(sender, random.Next(100, 2_000), random.Next(4) == 0 ? $"seed-{seed}-{sender}-0" : $"seed-{seed}-{sender}-{step}");
                break;
            case < 30:
                await CreateAsync(senders[random.Next(senders.Length)], users, step);
                break;
            case < 58 when envelopes.Length > 0:
                await GrabAsync(envelopes[random.Next(envelopes.Length)], users[random.Next(users.Length)]);
                break;
            case < 70 when envelopes.Length > 0:
                // A repeat tap: the same user twice at once, as a double click or a retrying client does.
                var envelope = envelopes[random.Next(envelopes.Length)];
                var user = users[random.Next(users.Length)];
                await Task.WhenAll(GrabAsync(envelope, user), GrabAsync(envelope, user));
                break;
            case < 78 when envelopes.Length > 0:
                var burst = envelopes[random.Next(envelopes.Length)];
                await Task.WhenAll(users.Where(_ => random.Next(2) == 0).Select(u => GrabAsync(burst, u)));
                break;
            case < 86:
                // Forward towards (or past) expiry, or back, as NTP or an operator may step a wall clock.
                var seconds = random.Next(4) == 0 ? -random.Next(10, 400) : random.Next(10, 700);
                clock.Step(TimeSpan.FromSeconds(seconds));
                latestNow = clock.GetUtcNow() > latestNow ? clock.GetUtcNow() : latestNow;
                break;
            case < 91 when envelopes.Length > 0:
                await RefundWhileTheClockStepsBackAsync(envelopes[random.Next(envelopes.Length)], users);
                break;
            case < 94 when envelopes.Length > 0:
                await Tolerate(() => Grains.Envelope(envelopes[random.Next(envelopes.Length)]).SettleAsync());
                break;
            case < 98 when envelopes.Length > 0:
                await ReminderTurnWhileCreditsAreOwedAsync(envelopes, users);
                break;
            case var _ when random.Next(12) == 0:
                // Rarely (a restart costs seconds): the silo dies without deactivating anything and a new one
                // starts on the same file; whatever was in memory only is gone, reminders and rows remain.
                await engine.CrashAndRestartAsync();
                restarts++;
                break;
            default:
                // Every idle activation goes: unsaved settlement progress and in-memory indexes are lost.
                await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
                break;
        }
    }

    private async Task DepositAsync(string userId, long amountFen, string key)
    {
        deposits.TryGetValue(userId + "|" + key, out var known);
        try
        {
            var result = await Grains.Wallet(userId).DepositAsync(amountFen, key);
            if (result.Outcome == DepositOutcome.Applied)
            {
                deposits[userId + "|" + key] = (amountFen, 0);
            }
        }
        catch (StorageUnavailableException)
        {
            if (known.Acknowledged == 0)
            {
                // It may have committed anyway: the wallet's total may include it or not.
                deposits[userId + "|" + key] = (0, Math.Max(known.Unacknowledged, amountFen));
            }
        }
    }

    /// <summary>
    /// A create as a real client sends it: a greeting now and then, some carrying a control character as pasted
    /// text can; after a failure (a 503) the same request again with the same key, a few times within a deadline.
    /// </summary>
    private async Task CreateAsync(string senderId, string[] users, int step)
    {
        var shares = random.Next(1, 7);
        var ttl = random.Next(60, 900);
        string[] audience = random.Next(4) == 0 ? users.Where(_ => random.Next(2) == 0).ToArray() : [];
        var greeting = random.Next(6) switch
        {
            0 => ControlGreetings[random.Next(ControlGreetings.Length)],
            1 or 2 => "恭喜发财",
            _ => null,
        };
        var spec = random.Next(3) == 0
            ? new EnvelopeSpec(EnvelopeKind.Fixed, null, random.Next(1, 100), shares, greeting, [.. audience], ttl)
            : new EnvelopeSpec(EnvelopeKind.Lucky, random.Next(shares, 600), null, shares, greeting, [.. audience], ttl);
        var key = $"seed-{seed}-create-{step}";
        var retryUntil = DateTime.UtcNow + CreateRetryWindow;
        CreateEnvelopeResult? created = null;
        for (var attempt = 1; created is null && attempt <= CreateAttemptsMax && (attempt == 1 || DateTime.UtcNow < retryUntil); attempt++)
        {
            // Some clients send again at once, before the wallet's own look at its row after a failure; others wait.
            if (attempt > 1 && random.Next(2) == 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(10, 100)));
            }

            created = await Tolerate(() => Grains.Wallet(senderId).CreateEnvelopeAsync(spec, key));
            if (created is { Outcome: CreateEnvelopeOutcome.IdempotencyKeyReused })
            {
                Violation($"{senderId}'s create {key}, sent again unchanged, was answered IdempotencyKeyReused");
            }
        }

        if (greeting is not null && greeting.Any(char.IsControl))
        {
            if (created is not { Outcome: CreateEnvelopeOutcome.Invalid } || !created.Errors.ContainsKey("greeting"))
            {
                Violation($"{senderId}'s create {key} with a control character in its greeting was answered {created?.Outcome.ToString() ?? "with failures only"}, not refused as invalid");
            }
        }

        if (created?.Envelope is { } envelope)
        {
            knownEnvelopes.Add(envelope.EnvelopeId);
        }
    }

    /// <summary>
    /// The clock passes the envelope's expiry and settlement refunds it; before or while the refund is decided, the
    /// clock steps back below expiry and users grab; then it steps forward again. A decided refund must refuse every
    /// grab whatever the clock says, and a grab granted before the decision must not be refunded too.
    /// </summary>
    private async Task RefundWhileTheClockStepsBackAsync(string envelopeId, string[] users)
    {
        if (await Tolerate(() => Grains.Envelope(envelopeId).GetDetailsAsync()) is not { } details)
        {
            return;
        }

        var beforeExpiry = details.ExpiresAt - clock.GetUtcNow();
        if (beforeExpiry >= TimeSpan.Zero)
        {
            clock.Step(beforeExpiry + TimeSpan.FromSeconds(random.Next(1, 30)));
            latestNow = clock.GetUtcNow() > latestNow ? clock.GetUtcNow() : latestNow;
        }

        var settling = Tolerate(() => Grains.Envelope(envelopeId).SettleAsync());
        if (random.Next(2) == 0)
        {
            await settling;
        }

        var back = clock.GetUtcNow() - details.ExpiresAt + TimeSpan.FromSeconds(random.Next(1, 300));
        clock.Step(-back);
        try
        {
            await Task.WhenAll(users.Where(_ => random.Next(2) == 0).Select(u => GrabAsync(envelopeId, u)));
            await settling;
        }
        finally
        {
            clock.Step(back);
        }
    }

    /// <summary>
    /// The settlement reminder of an envelope still being grabbed takes its turn, as the reminder service may at any
    /// moment, while users grab; the wallets of some of them refuse every write for now, so their credits stay owed.
    /// Once a grab is answered while its credit is owed, the reminder must be due soon: a silo that died then would
    /// otherwise leave the credit until expiry, days away. The envelope is settled first, so the turn finds nothing
    /// owed and moves the reminder towards expiry: the grabs race that move.
    /// </summary>
    private async Task ReminderTurnWhileCreditsAreOwedAsync(string[] envelopes, string[] users)
    {
        var first = random.Next(envelopes.Length);
        EnvelopeDetails? live = null;
        for (var i = 0; i < Math.Min(envelopes.Length, 4) && live is null; i++)
        {
            var details = await Tolerate(() => Grains.Envelope(envelopes[(first + i) % envelopes.Length]).SettleAsync());
            live = details is { Status: EnvelopeStatus.Open, RemainingShares: > 0 } && details.ExpiresAt > clock.GetUtcNow() ? details : null;
        }

        if (live is null)
        {
            return;
        }

        var grabbers = users.Where(u => live.Grabs.All(g => g.UserId != u)).ToArray();
        var unreachable = grabbers.Where(_ => random.Next(2) == 0).ToHashSet();
        foreach (var user in unreachable)
        {
            faults.FailEveryWrite(StorageFaults.WalletState, GrainKeys.WalletKeyOf(user));
        }

        try
        {
            var envelope = Grains.Envelope(live.EnvelopeId);
            var turn = Tolerate(async () =>
            {
                await envelope.AsReference<IRemindable>().ReceiveReminder(SettlementReminderName, default);
                return live.EnvelopeId;
            });
            var grabs = await Task.WhenAll(grabbers.Select(async user => (User: user, Result: await GrabAsync(live.EnvelopeId, user))));
            await turn;
            if (grabs.FirstOrDefault(g => unreachable.Contains(g.User) && g.Result is { Outcome: GrabOutcome.Granted }) is { User: { } owedTo })
            {
                await ExpectReminderDueSoonAsync(live.EnvelopeId, $"{owedTo}'s credit is owed");
            }
        }
        finally
        {
            foreach (var user in unreachable)
            {
                faults.Repair(StorageFaults.WalletState, GrainKeys.WalletKeyOf(user));
            }
        }
    }

    /// <summary>Due within a reminder period from now, or at an expiry that near.</summary>
    private async Task ExpectReminderDueSoonAsync(string envelopeId, string why)
    {
        var reminders = engine.Cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>();
        var reminder = await reminders.ReadRow(Grains.Envelope(envelopeId).GetGrainId(), SettlementReminderName);
        Check(reminder?.StartAt <= DateTime.UtcNow + SettlementReminderPeriod,
            $"{envelopeId}: {why}, but its settlement reminder is not due soon (after a crash the credit would wait until expiry)");
    }

    private async Task<GrabResult?> GrabAsync(string envelopeId, string userId)
    {
        var result = await Tolerate(() => Grains.Envelope(envelopeId).GrabAsync(userId));
        if (result is { Outcome: GrabOutcome.Granted or GrabOutcome.AlreadyGrabbed, Grab: { } grab })
        {
            lock (acknowledged)
            {
                if (acknowledged.TryGetValue((envelopeId, userId), out var earlier) && earlier != grab.AmountFen)
                {
                    Violation($"{userId} was told {earlier} and then {grab.AmountFen} fen from {envelopeId}");
                }

                acknowledged[(envelopeId, userId)] = grab.AmountFen;
            }
        }

        return result;
    }

    /// <summary>Storage failures are expected answers under faults; anything else is a finding.</summary>
    private async Task<T?> Tolerate<T>(Func<Task<T>> call)
        where T : class?
    {
        try
        {
            return await call();
        }
        catch (StorageUnavailableException)
        {
            return null;
        }
        catch (Exception error) when (error.Message.Contains("injected:", StringComparison.Ordinal))
        {
            // An injected storage failure surfacing as is (a reminder table's, say): refused, nothing acknowledged.
            return null;
        }
        catch (Exception error)
        {
            Violation($"unexpected {error.GetType().Name}: {error.Message}");
            return null;
        }
    }

    private async Task SettleEverythingAsync(string[] senders)
    {
        // Envelopes whose create failed to answer are still found: the sender's ledger names every debit.
        foreach (var sender in senders)
        {
            await Eventually.ReturnsAsync(() => Grains.Wallet(sender).GetAuditAsync(), a => a.OutboxFen == 0, TimeSpan.FromSeconds(30), $"seed {seed}: {sender}'s outbox to open");
            foreach (var entry in await LedgerAsync(sender))
            {
                if (entry.Kind == LedgerEntryKind.Send)
                {
                    knownEnvelopes.Add(entry.EnvelopeId!);
                }
            }
        }

        // An open envelope that is not settled must have its durable reminder, or nothing refunds it after a crash.
        var reminders = engine.Cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>();
        foreach (var envelopeId in knownEnvelopes)
        {
            var details = await Grains.Envelope(envelopeId).GetDetailsAsync();
            if (details is { Status: not EnvelopeStatus.Settled } && await reminders.ReadRow(Grains.Envelope(envelopeId).GetGrainId(), SettlementReminderName) is null)
            {
                violations.Add($"{envelopeId} is open and unsettled but has no settlement reminder");
            }
        }

        clock.Step(TimeSpan.FromDays(2));
        latestNow = clock.GetUtcNow();
        foreach (var envelopeId in knownEnvelopes)
        {
            await Eventually.ReturnsAsync(
                () => SettleOnceAsync(envelopeId),
                settled => settled,
                TimeSpan.FromSeconds(30),
                $"seed {seed}: {envelopeId} to settle");
        }
    }

    /// <summary>
    /// One settlement attempt. A write may still fail once faults stop: an activation collected mid-write can commit
    /// after its successor read the envelope, and the successor's next write then meets a newer version and reloads.
    /// </summary>
    private async Task<bool> SettleOnceAsync(string envelopeId)
    {
        try
        {
            return await Grains.Envelope(envelopeId).SettleAsync() is not { } details || details.Status == EnvelopeStatus.Settled;
        }
        catch (StorageUnavailableException)
        {
            return false;
        }
    }

    private async Task CheckAsync(string[] senders, string[] users)
    {
        var people = senders.Concat(users).ToArray();
        var audits = await Task.WhenAll(people.Select(p => Grains.Wallet(p).GetAuditAsync()));
        var ledgers = new Dictionary<string, ImmutableList<LedgerEntry>>();
        foreach (var person in people)
        {
            ledgers[person] = await LedgerAsync(person);
        }

        var envelopes = (await Task.WhenAll(knownEnvelopes.Select(e => Grains.Envelope(e).GetDetailsAsync()))).ToList();
        foreach (var missing in knownEnvelopes.Where((_, i) => envelopes[i] is null))
        {
            violations.Add($"{missing} was funded but never opened");
        }

        var opened = envelopes.OfType<EnvelopeDetails>().ToList();
        var depositedFen = audits.Sum(a => a.DepositedFen);
        var heldFen = audits.Sum(a => a.BalanceFen + a.OutboxFen) + opened.Sum(e => e.HeldFen);
        Check(depositedFen == heldFen, $"money not conserved: deposits {depositedFen} != balances, outboxes and envelopes {heldFen}");
        foreach (var audit in audits)
        {
            var mine = deposits.Where(d => d.Key.StartsWith(audit.UserId + "|", StringComparison.Ordinal)).Select(d => d.Value).ToList();
            var least = mine.Sum(d => d.Acknowledged);
            Check(audit.DepositedFen >= least && audit.DepositedFen <= least + mine.Sum(d => d.Unacknowledged),
                $"{audit.UserId} holds deposits of {audit.DepositedFen}, acknowledged {least}");
        }

        foreach (var envelope in opened)
        {
            CheckEnvelope(envelope, ledgers);
        }

        foreach (var ((envelopeId, userId), amountFen) in acknowledged)
        {
            var grab = opened.SingleOrDefault(e => e.EnvelopeId == envelopeId)?.Grabs.SingleOrDefault(g => g.UserId == userId);
            Check(grab?.AmountFen == amountFen, $"{userId} was told {amountFen} fen from {envelopeId}, storage holds {grab?.AmountFen.ToString() ?? "no grab"}");
        }
    }

    private void CheckEnvelope(EnvelopeDetails envelope, Dictionary<string, ImmutableList<LedgerEntry>> ledgers)
    {
        var id = envelope.EnvelopeId;
        Check(envelope.Grabs.Sum(g => g.AmountFen) + envelope.RemainingFen == envelope.TotalFen, $"{id}: shares and remainder do not sum to the total");
        Check(envelope.Grabs.Select(g => g.UserId).Distinct().Count() == envelope.Grabs.Count, $"{id}: a user holds two shares");
        Check(envelope.Grabs.All(g => g.AmountFen >= EnvelopeOptions.ShareMinFen), $"{id}: a share below the minimum");
        Check(envelope.HeldFen == 0, $"{id}: settled but still holds {envelope.HeldFen} fen");
        foreach (var grab in envelope.Grabs)
        {
            var credits = ledgers.GetValueOrDefault(grab.UserId, []).Where(e => e.Kind == LedgerEntryKind.Grab && e.EnvelopeId == id).ToList();
            Check(credits.Count == 1 && credits[0].AmountFen == grab.AmountFen, $"{id}: {grab.UserId}'s {grab.AmountFen} fen credited {credits.Count} time(s)");
        }

        var refunds = ledgers.GetValueOrDefault(envelope.SenderId, []).Where(e => e.Kind == LedgerEntryKind.Refund && e.EnvelopeId == id).ToList();
        var expected = envelope.RemainingFen > 0 ? 1 : 0;
        Check(refunds.Count == expected && refunds.Sum(r => r.AmountFen) == envelope.RemainingFen, $"{id}: {refunds.Count} refund(s) of {refunds.Sum(r => r.AmountFen)} fen for a remainder of {envelope.RemainingFen}");
        Check(refunds.Count == 0 || envelope.ExpiresAt <= latestNow, $"{id}: refunded although the clock never reached its expiry");
    }

    private async Task<ImmutableList<LedgerEntry>> LedgerAsync(string userId)
    {
        var entries = ImmutableList.CreateBuilder<LedgerEntry>();
        long? before = null;
        for (var page = 0; page < 100; page++)
        {
            var next = await Grains.Wallet(userId).GetLedgerAsync(500, before);
            entries.AddRange(next.Entries);
            if (next.NextBefore is not { } older)
            {
                break;
            }

            before = older;
        }

        return entries.ToImmutable();
    }

    private void Check(bool holds, string violation)
    {
        if (!holds)
        {
            Violation(violation);
        }
    }

    /// <summary>Concurrent calls (bursts, repeat taps) may report at once.</summary>
    private void Violation(string violation)
    {
        lock (violations)
        {
            violations.Add(violation);
        }
    }
}
