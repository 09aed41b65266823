namespace Hongbao.Storage.Rows;

/// <summary>
/// The row statements, written once for SQLite and PostgreSQL alike: positional arguments ($1, $2, …), and
/// version checks in the WHERE clause, so a stale change touches no row instead of overwriting one.
/// </summary>
public static class RowSql
{
    public const string InsertEnvelope = """
        INSERT INTO hongbao_envelope (service_id, envelope_id, version, chunk_size, sealed_grabs, header)
        VALUES ($1, $2, 1, $3, $4, $5)
        ON CONFLICT DO NOTHING
        """;

    public const string UpdateEnvelope = """
        UPDATE hongbao_envelope SET version = version + 1, sealed_grabs = $4, header = $5
        WHERE service_id = $1 AND envelope_id = $2 AND version = $3
        """;

    public const string InsertChunk = """
        INSERT INTO hongbao_envelope_chunk (service_id, envelope_id, chunk_index, grabs)
        VALUES ($1, $2, $3, $4)
        ON CONFLICT DO NOTHING
        """;

    public const string SelectEnvelope = """
        SELECT version, chunk_size, sealed_grabs, header FROM hongbao_envelope
        WHERE service_id = $1 AND envelope_id = $2
        """;

    /// <summary>Only the chunks the header counts: chunks are insert-only, so these cannot change under the reader.</summary>
    public const string SelectChunks = """
        SELECT chunk_index, grabs FROM hongbao_envelope_chunk
        WHERE service_id = $1 AND envelope_id = $2 AND chunk_index < $3
        ORDER BY chunk_index
        """;

    public const string InsertWallet = """
        INSERT INTO hongbao_wallet (service_id, wallet_id, version, balance_fen, deposited_fen, ledger_sequence, outbox)
        VALUES ($1, $2, 1, $3, $4, $5, $6)
        ON CONFLICT DO NOTHING
        """;

    public const string UpdateWallet = """
        UPDATE hongbao_wallet SET version = version + 1, balance_fen = $4, deposited_fen = $5, ledger_sequence = $6, outbox = $7
        WHERE service_id = $1 AND wallet_id = $2 AND version = $3
        """;

    /// <summary>
    /// A credit applied by the database to whatever the stored balance is: the row is created if missing. If the
    /// operation is in the ledger already, it touches no row, so the change is refused before any of it is written.
    /// </summary>
    public const string UpsertWalletCredit = """
        INSERT INTO hongbao_wallet (service_id, wallet_id, version, balance_fen, deposited_fen, ledger_sequence)
        SELECT $1, $2, 1, $3, 0, 1
        WHERE NOT EXISTS (SELECT 1 FROM hongbao_ledger WHERE service_id = $1 AND wallet_id = $2 AND operation_id = $4)
        ON CONFLICT (service_id, wallet_id) DO UPDATE SET version = hongbao_wallet.version + 1,
            balance_fen = hongbao_wallet.balance_fen + excluded.balance_fen, ledger_sequence = hongbao_wallet.ledger_sequence + 1
        """;

    /// <summary>The ledger entry of <see cref="UpsertWalletCredit"/>, numbered and balanced from the row it just wrote.</summary>
    public const string InsertLedgerEntryFromWallet = """
        INSERT INTO hongbao_ledger (service_id, wallet_id, sequence, kind, amount_fen, envelope_id, at_utc_ticks, balance_after_fen, operation_id, fingerprint)
        SELECT service_id, wallet_id, ledger_sequence, $3, $4, $5, $6, balance_fen, $7, $8 FROM hongbao_wallet
        WHERE service_id = $1 AND wallet_id = $2
        ON CONFLICT (service_id, wallet_id, operation_id) DO NOTHING
        """;

    /// <summary>An operation id already in the ledger inserts nothing: that is how the database makes it apply once.</summary>
    public const string InsertLedgerEntry = """
        INSERT INTO hongbao_ledger (service_id, wallet_id, sequence, kind, amount_fen, envelope_id, at_utc_ticks, balance_after_fen, operation_id, fingerprint)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        ON CONFLICT (service_id, wallet_id, operation_id) DO NOTHING
        """;

    public const string SelectWallet = """
        SELECT version, balance_fen, deposited_fen, ledger_sequence, outbox FROM hongbao_wallet
        WHERE service_id = $1 AND wallet_id = $2
        """;

    private const string LedgerColumns = "sequence, kind, amount_fen, envelope_id, at_utc_ticks, balance_after_fen, operation_id, fingerprint";

    public const string SelectOperation = $"""
        SELECT {LedgerColumns} FROM hongbao_ledger
        WHERE service_id = $1 AND wallet_id = $2 AND operation_id = $3
        """;

    public const string SelectLedgerPage = $"""
        SELECT {LedgerColumns} FROM hongbao_ledger
        WHERE service_id = $1 AND wallet_id = $2 AND sequence < $3
        ORDER BY sequence DESC
        LIMIT $4
        """;
}
