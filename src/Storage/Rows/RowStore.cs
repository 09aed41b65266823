using System.Collections.Immutable;
using System.Data.Common;
using Hongbao.Contracts.Envelopes;
using Hongbao.Contracts.Wallets;
using Hongbao.Grains.Envelopes;
using Hongbao.Grains.Persistence;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;

namespace Hongbao.Storage.Rows;

/// <summary>
/// Envelopes and wallets in rows: every write becomes one <see cref="RowChange"/> on the database's
/// <see cref="CommitQueue"/>, so many grains share a transaction. Blobs (an envelope header, a sealed chunk, a
/// wallet's outbox) use Orleans' binary serializer, versioned by the [Id] attributes of the records.
/// </summary>
public sealed class RowStore(IRowDatabase database, CommitQueue queue, Serializer serializer, IOptions<ClusterOptions> cluster)
    : IEnvelopeRows, IWalletRows
{
    private readonly string serviceId = cluster.Value.ServiceId;

    public Task<StoredEnvelope?> ReadAsync(string envelopeKey) => database.ReadAsync(async connection =>
    {
        var found = await ReadOneAsync(connection, RowSql.SelectEnvelope, [serviceId, envelopeKey], r => new HeaderRow(
            r.GetInt64(0), (int)r.GetInt64(1), r.GetInt64(2), Decode<EnvelopeState>(r[3])));
        if (found is null)
        {
            return null;
        }

        var chunkCount = found.SealedGrabs / found.ChunkSize;
        var chunks = await ReadManyAsync(connection, RowSql.SelectChunks, [serviceId, envelopeKey, chunkCount], r => (Index: r.GetInt64(0), Chunk: Decode<GrabChunk>(r[1])));
        Hongbao.Grains.Common.Invariant.Ensure(chunks.Select(c => c.Index).SequenceEqual(Enumerable.Range(0, (int)chunkCount).Select(i => (long)i)), "the sealed chunks of an envelope are stored without gaps");
        return new StoredEnvelope(found.Version, found.ChunkSize, found.Header, [.. chunks.Select(c => c.Chunk)]);
    });

    public Task<RowWriteOutcome> WriteAsync(EnvelopeWrite write)
    {
        var header = serializer.SerializeToArray(write.Header);
        var statements = new List<RowStatement>(1 + write.NewChunks.Count)
        {
            write.ExpectedVersion is { } version
                ? new RowStatement(RowSql.UpdateEnvelope, [serviceId, write.EnvelopeKey, version, (long)write.Header.SealedGrabCount, header], RowWriteOutcome.VersionConflict)
                : new RowStatement(RowSql.InsertEnvelope, [serviceId, write.EnvelopeKey, (long)write.GrabChunkSize, (long)write.Header.SealedGrabCount, header], RowWriteOutcome.VersionConflict),
        };
        foreach (var chunk in write.NewChunks)
        {
            statements.Add(new RowStatement(RowSql.InsertChunk, [serviceId, write.EnvelopeKey, (long)chunk.Index, serializer.SerializeToArray(chunk.Chunk)], RowWriteOutcome.VersionConflict));
        }

        return queue.SubmitAsync(new RowChange(statements, EnvelopeLock(write.EnvelopeKey)));
    }

    Task<StoredWallet?> IWalletRows.ReadAsync(string walletKey) => database.ReadAsync(connection =>
        ReadOneAsync(connection, RowSql.SelectWallet, [serviceId, walletKey], r => new StoredWallet(
            r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3),
            r.IsDBNull(4) ? [] : Decode<ImmutableList<EnvelopeOpening>>(r[4]))));

    public Task<RowWriteOutcome> WriteAsync(WalletWrite write)
    {
        object? outbox = write.Outbox.IsEmpty ? null : serializer.SerializeToArray(write.Outbox);
        var statements = new List<RowStatement>(1 + write.NewEntries.Count)
        {
            write.ExpectedVersion is { } version
                ? new RowStatement(RowSql.UpdateWallet, [serviceId, write.WalletKey, version, write.BalanceFen, write.DepositedFen, write.LedgerSequence, outbox], RowWriteOutcome.VersionConflict)
                : new RowStatement(RowSql.InsertWallet, [serviceId, write.WalletKey, write.BalanceFen, write.DepositedFen, write.LedgerSequence, outbox], RowWriteOutcome.VersionConflict),
        };
        foreach (var record in write.NewEntries)
        {
            var entry = record.Entry;
            statements.Add(new RowStatement(
                RowSql.InsertLedgerEntry,
                [serviceId, write.WalletKey, entry.Sequence, KindName(entry.Kind), entry.AmountFen, entry.EnvelopeId, entry.At.UtcTicks, entry.BalanceAfterFen, record.OperationId, record.Fingerprint],
                RowWriteOutcome.DuplicateOperation));
        }

        return queue.SubmitAsync(new RowChange(statements, WalletLock(write.WalletKey)));
    }

    public Task<RowWriteOutcome> CreditAsync(WalletCreditWrite credit) => queue.SubmitAsync(new RowChange(
    [
        new RowStatement(RowSql.UpsertWalletCredit, [serviceId, credit.WalletKey, credit.AmountFen, credit.OperationId], RowWriteOutcome.DuplicateOperation),
        new RowStatement(
            RowSql.InsertLedgerEntryFromWallet,
            [serviceId, credit.WalletKey, KindName(credit.Kind), credit.AmountFen, credit.EnvelopeId, credit.At.UtcTicks, credit.OperationId, credit.Fingerprint],
            RowWriteOutcome.DuplicateOperation),
    ], WalletLock(credit.WalletKey)));

    public Task<LedgerRecord?> FindOperationAsync(string walletKey, string operationId) => database.ReadAsync(connection =>
        ReadOneAsync(connection, RowSql.SelectOperation, [serviceId, walletKey, operationId], ReadLedgerRecord));

    public Task<ImmutableList<LedgerEntry>> ReadLedgerAsync(string walletKey, long? beforeSequence, int count) => database.ReadAsync(async connection =>
    {
        var records = await ReadManyAsync(connection, RowSql.SelectLedgerPage, [serviceId, walletKey, beforeSequence ?? long.MaxValue, (long)count], ReadLedgerRecord);
        return records.Select(r => r.Entry).ToImmutableList();
    });

    private static string EnvelopeLock(string envelopeKey) => "hongbao_envelope:" + envelopeKey;

    private static string WalletLock(string walletKey) => "hongbao_wallet:" + walletKey;

    private T Decode<T>(object column) =>
        serializer.Deserialize<T>((byte[])column) ?? throw new Hongbao.Contracts.Common.InvariantViolationException($"Invariant violated: a stored {typeof(T).Name} decodes to nothing");

    private static LedgerRecord ReadLedgerRecord(DbDataReader r) => new(
        new LedgerEntry(r.GetInt64(0), KindOf(r.GetString(1)), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetString(3), new DateTimeOffset(r.GetInt64(4), TimeSpan.Zero), r.GetInt64(5)),
        r.GetString(6),
        r.GetString(7));

    private static string KindName(LedgerEntryKind kind) => kind switch
    {
        LedgerEntryKind.Deposit => "deposit",
        LedgerEntryKind.Send => "send",
        LedgerEntryKind.Grab => "grab",
        LedgerEntryKind.Refund => "refund",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown ledger entry kind"),
    };

    private static LedgerEntryKind KindOf(string name) => name switch
    {
        "deposit" => LedgerEntryKind.Deposit,
        "send" => LedgerEntryKind.Send,
        "grab" => LedgerEntryKind.Grab,
        "refund" => LedgerEntryKind.Refund,
        _ => throw new Hongbao.Contracts.Common.InvariantViolationException($"Invariant violated: unknown ledger entry kind '{name}' in storage"),
    };

    private sealed record HeaderRow(long Version, int ChunkSize, long SealedGrabs, EnvelopeState Header);

    private async Task<T?> ReadOneAsync<T>(DbConnection connection, string sql, object?[] arguments, Func<DbDataReader, T> map)
        where T : class
    {
        var rows = await ReadManyAsync(connection, sql, arguments, map);
        return rows.Count == 0 ? default : rows[0];
    }

    private async Task<List<T>> ReadManyAsync<T>(DbConnection connection, string sql, object?[] arguments, Func<DbDataReader, T> map)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        database.Bind(command, arguments);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
