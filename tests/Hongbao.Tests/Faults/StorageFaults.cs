using Hongbao.Contracts.Wallets;
using Hongbao.Grains.Persistence;
using Hongbao.Storage.Rows;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hongbao.Tests.Faults;

/// <summary>What an injected fault does to one storage write.</summary>
public enum WriteFault
{
    /// <summary>The write fails before anything reaches storage.</summary>
    Fail,

    /// <summary>The write reaches storage, then the caller is told it failed.</summary>
    CommitThenFail,

    /// <summary>The write waits a few milliseconds first, so others pile up behind it.</summary>
    Slow,

    /// <summary>The write reports failure at once, and is applied right after the grain's next read of its row.</summary>
    FailThenCommit,
}

/// <summary>What an injected fault does to one transaction of the silo's single writer (many grains' changes at once).</summary>
public enum TransactionFault
{
    /// <summary>The transaction fails before it reaches the database: every change in it fails.</summary>
    Fail,

    /// <summary>The transaction commits, then the driver reports failure (a connection lost after COMMIT).</summary>
    CommitThenFail,

    /// <summary>The driver reports failure at once; the transaction lands just before the writer's next one.</summary>
    FailThenCommit,

    /// <summary>The transaction waits a few milliseconds first, so the queue grows behind it.</summary>
    Slow,

    /// <summary>PostgreSQL rolls the transaction back as a deadlock victim (SQLSTATE 40P01); the writer tries it again.</summary>
    Deadlock,
}

/// <summary>
/// Faults at the storage seam of a test silo (the row interfaces of src/Grains/Persistence): the envelope rows, the wallet
/// rows and the reminder table are wrapped, and
/// every write and reminder registration asks this object first. Beneath them, at the driver boundary, the row
/// database's transactions can fail too (<see cref="TransactionFault"/>), when a rate is given for them. Tests script one-shot faults for a given state
/// and grain; the simulation draws faults from a seeded random source. The one place faults are injected, so a
/// new storage seam only needs its decorator here.
/// </summary>
public sealed class StorageFaults
{
    private readonly Lock gate = new();
    private readonly List<ScriptedWrite> script = [];
    private readonly HashSet<string> failingReminders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HeldWrite> heldReminders = new(StringComparer.Ordinal);
    private readonly List<(string StateName, string GrainKey, Func<Task<RowWriteOutcome>> Write)> deferredWrites = [];
    private readonly HashSet<(string StateName, string GrainKey)> brokenStates = [];
    private readonly List<(IRowDatabase Database, IReadOnlyList<RowChange> Changes)> deferredTransactions = [];
    private Random? random;
    private double writeFaultRate;
    private double reminderFaultRate;
    private double transactionFaultRate;
    private int injected;

    /// <summary>Faults injected so far (scripted and random).</summary>
    public int Injected => Volatile.Read(ref injected);

    /// <summary>Random faults stop (scripted ones still apply): the quiet phase after a simulation's schedule.</summary>
    public bool Quiet { get; set; }

    /// <summary>
    /// Draws faults from <paramref name="seed"/>: each write, reminder registration and (with a positive
    /// <paramref name="transactionRate"/>) each transaction of the row database fails with the given rates (or, for a
    /// share of them, runs slow).
    /// </summary>
    public void Randomly(int seed, double writeRate, double reminderRate, double transactionRate = 0)
    {
        lock (gate)
        {
            random = new Random(seed);
            writeFaultRate = writeRate;
            reminderFaultRate = reminderRate;
            transactionFaultRate = transactionRate;
        }
    }

    /// <summary>The next write of <paramref name="stateName"/> for the grain keyed <paramref name="grainKey"/> gets <paramref name="fault"/>.</summary>
    public void OnNextWrite(string stateName, string grainKey, WriteFault fault)
    {
        lock (gate)
        {
            script.Add(new ScriptedWrite(stateName, grainKey, fault, null));
        }
    }

    /// <summary>The next write of that state waits for the test; the returned handle tells when it arrived and lets it go.</summary>
    public HeldWrite HoldNextWrite(string stateName, string grainKey)
    {
        var held = new HeldWrite();
        lock (gate)
        {
            script.Add(new ScriptedWrite(stateName, grainKey, null, held));
        }

        return held;
    }

    /// <summary>Every write of that state fails until <see cref="Repair"/>: a row that storage keeps refusing.</summary>
    public void FailEveryWrite(string stateName, string grainKey)
    {
        lock (gate)
        {
            brokenStates.Add((stateName, grainKey));
        }
    }

    public void Repair(string stateName, string grainKey)
    {
        lock (gate)
        {
            brokenStates.Remove((stateName, grainKey));
        }
    }

    /// <summary>The next registration of the reminder named <paramref name="reminderName"/> waits until released.</summary>
    public HeldWrite HoldNextReminderRegistration(string reminderName)
    {
        var held = new HeldWrite();
        lock (gate)
        {
            heldReminders[reminderName] = held;
        }

        return held;
    }

    /// <summary>The next registration of the reminder named <paramref name="reminderName"/> fails.</summary>
    public void FailNextReminderRegistration(string reminderName)
    {
        lock (gate)
        {
            failingReminders.Add(reminderName);
        }
    }

    /// <summary>The state name of envelope rows in scripted faults.</summary>
    public const string EnvelopeState = "envelope";

    /// <summary>The state name of wallet rows in scripted faults (keys are "user:" + user id).</summary>
    public const string WalletState = "wallet";

    private async Task<RowWriteOutcome> WriteAsync(string stateName, string grainKey, Func<Task<RowWriteOutcome>> write)
    {
        var (fault, held) = Decide(stateName, grainKey);
        if (held is not null)
        {
            fault = await held.ArriveAsync();
        }

        switch (fault)
        {
            case WriteFault.Fail:
                throw new IOException($"injected: write of {stateName} {grainKey} failed");
            case WriteFault.FailThenCommit:
                lock (gate)
                {
                    deferredWrites.Add((stateName, grainKey, write));
                }

                throw new IOException($"injected: write of {stateName} {grainKey} reported failure and is applied after the next read");
            case WriteFault.CommitThenFail:
                await write();
                throw new IOException($"injected: write of {stateName} {grainKey} committed but reported failure");
            case WriteFault.Slow:
                await Task.Delay(NextSlowDelay());
                break;
        }

        return await write();
    }

    /// <summary>Fails the registration, or returns how long it is held up (zero: it goes through at once).</summary>
    private TimeSpan BeforeReminderRegistration(string reminderName)
    {
        lock (gate)
        {
            var scripted = failingReminders.Remove(reminderName);
            var drawn = !scripted && !Quiet && random is not null && random.NextDouble() < reminderFaultRate;
            if (!scripted && !drawn)
            {
                return TimeSpan.Zero;
            }

            injected++;
            if (drawn && random!.Next(2) == 0)
            {
                // Slow, as a reminder table under load is: long enough for a grab to be acknowledged meanwhile.
                return TimeSpan.FromMilliseconds(random.Next(1, 50));
            }
        }

        throw new IOException($"injected: registration of reminder {reminderName} failed");
    }

    /// <summary>Reads, then applies the writes deferred by <see cref="WriteFault.FailThenCommit"/>: the reader saw the row before them.</summary>
    private async Task<T> ReadThenApplyDeferredAsync<T>(string stateName, string grainKey, Func<Task<T>> read)
    {
        var result = await read();
        List<Func<Task<RowWriteOutcome>>> due;
        lock (gate)
        {
            due = [.. deferredWrites.Where(d => d.StateName == stateName && d.GrainKey == grainKey).Select(d => d.Write)];
            deferredWrites.RemoveAll(d => d.StateName == stateName && d.GrainKey == grainKey);
        }

        foreach (var write in due)
        {
            try
            {
                await write();
            }
            catch (ObjectDisposedException)
            {
                // The silo that owed the write crashed before it landed: as if it never reached storage.
            }
        }

        return result;
    }

    private HeldWrite? TakeHeldReminder(string reminderName)
    {
        lock (gate)
        {
            return heldReminders.Remove(reminderName, out var held) ? held : null;
        }
    }

    private (WriteFault? Fault, HeldWrite? Held) Decide(string stateName, string grainKey)
    {
        lock (gate)
        {
            if (brokenStates.Contains((stateName, grainKey)))
            {
                injected++;
                return (WriteFault.Fail, null);
            }

            var index = script.FindIndex(s => s.StateName == stateName && s.GrainKey == grainKey);
            if (index >= 0)
            {
                var scripted = script[index];
                script.RemoveAt(index);
                injected++;
                return (scripted.Fault, scripted.Held);
            }

            if (Quiet || random is null || random.NextDouble() >= writeFaultRate)
            {
                return (null, null);
            }

            injected++;
            return ((WriteFault)random.Next(Enum.GetValues<WriteFault>().Length), null);
        }
    }

    private async Task<CommitAttempt> CommitAsync(IRowDatabase database, IReadOnlyList<RowChange> changes)
    {
        await ApplyDeferredTransactionsAsync();
        TransactionFault? fault;
        lock (gate)
        {
            fault = Quiet || random is null || random.NextDouble() >= transactionFaultRate
                ? null
                : (TransactionFault)random.Next(Enum.GetValues<TransactionFault>().Length);
            injected += fault is null ? 0 : 1;
        }

        switch (fault)
        {
            case TransactionFault.Fail:
                throw new NpgsqlException($"injected: a transaction of {changes.Count} changes failed");
            case TransactionFault.CommitThenFail:
                await database.TryCommitAsync(changes);
                throw new NpgsqlException($"injected: a transaction of {changes.Count} changes committed but reported failure");
            case TransactionFault.FailThenCommit:
                lock (gate)
                {
                    deferredTransactions.Add((database, changes));
                }

                throw new NpgsqlException($"injected: a transaction of {changes.Count} changes reported failure and lands later");
            case TransactionFault.Slow:
                await Task.Delay(NextSlowDelay());
                break;
            case TransactionFault.Deadlock:
                return CommitAttempt.RolledBackToRetry(new PostgresException("injected: deadlock detected", "ERROR", "ERROR", PostgresErrorCodes.DeadlockDetected));
        }

        return await database.TryCommitAsync(changes);
    }

    /// <summary>
    /// Lands the transactions reported failed, each change on its own: a change another write has overtaken since
    /// is refused by its version check, as it would be by the row locks of a transaction still in flight.
    /// </summary>
    private async Task ApplyDeferredTransactionsAsync()
    {
        List<(IRowDatabase Database, IReadOnlyList<RowChange> Changes)> due;
        lock (gate)
        {
            due = [.. deferredTransactions];
            deferredTransactions.Clear();
        }

        foreach (var (database, changes) in due)
        {
            foreach (var change in changes)
            {
                try
                {
                    await database.TryCommitAsync([change]);
                }
                catch (ObjectDisposedException)
                {
                    // The silo that owed the transaction crashed before it landed: as if it never reached the database.
                }
            }
        }
    }

    private TimeSpan NextSlowDelay()
    {
        lock (gate)
        {
            return TimeSpan.FromMilliseconds(random?.Next(1, 20) ?? 10);
        }
    }

    private sealed record ScriptedWrite(string StateName, string GrainKey, WriteFault? Fault, HeldWrite? Held);

    /// <summary>Wraps the silo's row database, envelope rows, wallet rows and reminder table; call after the engine is added.</summary>
    public void DecorateSilo(IServiceCollection services)
    {
        services.AddSingleton<IEnvelopeRows>(sp => new FaultyEnvelopeRows(sp.GetRequiredService<RowStore>(), this));
        services.AddSingleton<IWalletRows>(sp => new FaultyWalletRows(sp.GetRequiredService<RowStore>(), this));
        Decorate<IReminderTable>(services, inner => new FaultyReminderTable(inner, this));
        Decorate<IRowDatabase>(services, inner => new FaultyRowDatabase(inner, this));
    }

    private static void Decorate<TService>(IServiceCollection services, Func<TService, TService> wrap)
        where TService : class
    {
        var registered = services.Last(d => d.ServiceType == typeof(TService));
        services.Remove(registered);
        services.AddSingleton(sp => wrap(registered switch
        {
            { ImplementationInstance: { } instance } => (TService)instance,
            { ImplementationFactory: { } factory } => (TService)factory(sp),
            _ => (TService)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!),
        }));
    }

    private sealed class FaultyRowDatabase(IRowDatabase inner, StorageFaults faults) : IRowDatabase
    {
        public Task<T> ReadAsync<T>(Func<System.Data.Common.DbConnection, Task<T>> read) => inner.ReadAsync(read);

        public void Bind(System.Data.Common.DbCommand command, IReadOnlyList<object?> arguments) => inner.Bind(command, arguments);

        public Task<CommitAttempt> TryCommitAsync(IReadOnlyList<RowChange> changes) => faults.CommitAsync(inner, changes);
    }

    private sealed class FaultyEnvelopeRows(IEnvelopeRows inner, StorageFaults faults) : IEnvelopeRows
    {
        public Task<StoredEnvelope?> ReadAsync(string envelopeKey) => faults.ReadThenApplyDeferredAsync(EnvelopeState, envelopeKey, () => inner.ReadAsync(envelopeKey));

        public Task<RowWriteOutcome> WriteAsync(EnvelopeWrite write) => faults.WriteAsync(EnvelopeState, write.EnvelopeKey, () => inner.WriteAsync(write));
    }

    private sealed class FaultyWalletRows(IWalletRows inner, StorageFaults faults) : IWalletRows
    {
        public Task<StoredWallet?> ReadAsync(string walletKey) => faults.ReadThenApplyDeferredAsync(WalletState, walletKey, () => inner.ReadAsync(walletKey));

        public Task<RowWriteOutcome> WriteAsync(WalletWrite write) => faults.WriteAsync(WalletState, write.WalletKey, () => inner.WriteAsync(write));

        public Task<RowWriteOutcome> CreditAsync(WalletCreditWrite credit) => faults.WriteAsync(WalletState, credit.WalletKey, () => inner.CreditAsync(credit));

        public Task<LedgerRecord?> FindOperationAsync(string walletKey, string operationId) => inner.FindOperationAsync(walletKey, operationId);

        public Task<ImmutableList<LedgerEntry>> ReadLedgerAsync(string walletKey, long? beforeSequence, int count) => inner.ReadLedgerAsync(walletKey, beforeSequence, count);
    }

    private sealed class FaultyReminderTable(IReminderTable inner, StorageFaults faults) : IReminderTable
    {
        public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);

        public Task<ReminderTableData> ReadRows(GrainId grainId) => inner.ReadRows(grainId);

        public Task<ReminderTableData> ReadRows(uint begin, uint end) => inner.ReadRows(begin, end);

        public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => inner.ReadRow(grainId, reminderName);

        public async Task<string?> UpsertRow(ReminderEntry entry)
        {
            if (faults.BeforeReminderRegistration(entry.ReminderName) is { Ticks: > 0 } slow)
            {
                await Task.Delay(slow);
            }

            if (faults.TakeHeldReminder(entry.ReminderName) is { } held)
            {
                await held.ArriveAsync();
            }

            return await inner.UpsertRow(entry);
        }

        public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => inner.RemoveRow(grainId, reminderName, eTag);

        public Task TestOnlyClearTable() => inner.TestOnlyClearTable();
    }
}

/// <summary>A write held by <see cref="StorageFaults.HoldNextWrite"/>.</summary>
public sealed class HeldWrite
{
    private readonly TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<WriteFault?> released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the held write has started.</summary>
    public Task Arrived => arrived.Task;

    public void Release() => released.SetResult(null);

    public void Release(WriteFault fault) => released.SetResult(fault);

    internal Task<WriteFault?> ArriveAsync()
    {
        arrived.TrySetResult();
        return released.Task;
    }
}
