using System.Threading.Channels;
using Hongbao.Grains.Persistence;
using Hongbao.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace Hongbao.Storage.Rows;

/// <summary>
/// The one writer of a database: commits the queued changes of many grains in one transaction (cross-grain group
/// commit). It takes whatever is queued when the previous commit ends, up to <see cref="StorageOptions.BatchMax"/>
/// changes and <see cref="StorageOptions.BatchBytesMax"/> bytes, and never waits to fill a batch. A change that
/// cannot apply (its version check fails, or its operation was applied before) is answered alone and the rest are
/// committed without it. A failed transaction fails every change it held: none of them is acknowledged.
/// </summary>
public sealed class CommitQueue : IAsyncDisposable
{
    /// <summary>How often a batch the database rolled back on its own (deadlock, serialization failure) is tried again.</summary>
    private const int RetriesMax = 5;

    private readonly Channel<RowChange> queue = Channel.CreateUnbounded<RowChange>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IRowDatabase database;
    private readonly int batchMax;
    private readonly long batchBytesMax;
    private readonly ILogger<CommitQueue> logger;
    private readonly Task writing;

    public CommitQueue(IRowDatabase database, StorageOptions options, ILogger<CommitQueue> logger)
    {
        this.database = database;
        batchMax = options.BatchMax;
        batchBytesMax = options.BatchBytesMax;
        this.logger = logger;
        writing = Task.Run(WriteLoopAsync);
    }

    /// <summary>Completes once the transaction holding the change has committed, or with why the change could not apply.</summary>
    public Task<RowWriteOutcome> SubmitAsync(RowChange change)
    {
        if (!queue.Writer.TryWrite(change))
        {
            change.Fail(new ObjectDisposedException(nameof(CommitQueue), "The storage writer has stopped."));
        }

        return change.Completion;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<RowChange>(batchMax);
        while (await queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            var bytes = 0L;
            while (batch.Count < batchMax
                && queue.Reader.TryPeek(out var next)
                && (batch.Count == 0 || bytes + next.Bytes <= batchBytesMax)
                && queue.Reader.TryRead(out next))
            {
                batch.Add(next);
                bytes += next.Bytes;
            }

            // Stable: changes to the same row keep their arrival order.
            await CommitAsync([.. batch.OrderBy(change => change.LockKey, StringComparer.Ordinal)]);
        }
    }

    /// <summary>
    /// Commits one batch: the changes that cannot apply are answered and left out, the rest retried until they commit.
    /// A refusal seen in a transaction that was rolled back is not yet an answer: it may have been caused by rows
    /// another change of that transaction wrote, which never committed. Such a change is tried again alone, after
    /// the rest, where what it sees is only what has committed.
    /// </summary>
    private async Task CommitAsync(IReadOnlyList<RowChange> batch)
    {
        IReadOnlyList<RowChange> pending = batch;
        var unconfirmed = new List<RowChange>();
        var retries = 0;
        try
        {
            while (pending.Count > 0)
            {
                var attempt = await database.TryCommitAsync(pending);
                if (attempt.Retryable is { } transient)
                {
                    // Definitely rolled back, so trying again cannot apply anything twice; bounded all the same.
                    if (++retries > RetriesMax)
                    {
                        throw transient;
                    }

                    logger.LogInformation(transient, "A storage transaction of {Changes} changes was rolled back by the database; trying it again", pending.Count);
                    continue;
                }

                var seenAlone = attempt.OthersCommitted || pending.Count == 1;
                foreach (var (change, outcome) in attempt.Refused)
                {
                    if (seenAlone)
                    {
                        change.Complete(outcome);
                    }
                    else
                    {
                        unconfirmed.Add(change);
                    }
                }

                foreach (var (change, error) in attempt.Rejected)
                {
                    logger.LogWarning(error, "The database rejected a change for its data; it fails alone and the rest of its batch is tried again");
                    change.Fail(error);
                }

                pending = attempt.Refused.Count == 0 && attempt.Rejected.Count == 0
                    ? pending
                    : pending.Where(c => !attempt.Refused.ContainsKey(c) && !attempt.Rejected.ContainsKey(c)).ToList();
                if (attempt.OthersCommitted)
                {
                    HongbaoMetrics.TransactionCommitted(pending.Count);
                    foreach (var change in pending)
                    {
                        change.Complete(RowWriteOutcome.Committed);
                    }

                    pending = [];
                }
            }
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "A storage transaction of {Changes} changes failed; none of them is acknowledged", pending.Count + unconfirmed.Count);
            foreach (var change in pending.Concat(unconfirmed))
            {
                change.Fail(error);
            }

            return;
        }

        foreach (var change in unconfirmed)
        {
            await CommitAsync([change]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await writing;
    }
}
