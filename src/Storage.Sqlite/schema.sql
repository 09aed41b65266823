-- Hongbao's SQLite schema, version 2: envelopes and wallets in rows, and the tables and queries of the Orleans
-- 10.4.2 ADO.NET reminder provider.
-- Idempotent: applied at every silo start. Written from the providers' query contract
-- (shared/orleans-adonet-schema.md); only the OrleansQuery table name and the query keys are fixed by it.

PRAGMA journal_mode = WAL;

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

-- Envelopes and wallets in rows (schema version 2). Written by Hongbao's own row writer, many grains per
-- transaction; every row that changes carries a version, checked in the WHERE clause of its update.
CREATE TABLE IF NOT EXISTS hongbao_schema
(
    singleton INTEGER NOT NULL PRIMARY KEY CHECK (singleton = 1),
    version   INTEGER NOT NULL
);

-- The header: totals, the unsealed tail of grabs, and the chunk size the envelope was written with.
CREATE TABLE IF NOT EXISTS hongbao_envelope
(
    service_id   TEXT    NOT NULL,
    envelope_id  TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    chunk_size   INTEGER NOT NULL CHECK (chunk_size > 0),
    sealed_grabs INTEGER NOT NULL CHECK (sealed_grabs >= 0),
    header       BLOB    NOT NULL,
    PRIMARY KEY (service_id, envelope_id)
) WITHOUT ROWID;

-- Sealed runs of grabs: inserted once, in the same transaction as the header that counts them, never updated.
CREATE TABLE IF NOT EXISTS hongbao_envelope_chunk
(
    service_id  TEXT    NOT NULL,
    envelope_id TEXT    NOT NULL,
    chunk_index INTEGER NOT NULL CHECK (chunk_index >= 0),
    grabs       BLOB    NOT NULL,
    PRIMARY KEY (service_id, envelope_id, chunk_index)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS hongbao_wallet
(
    service_id      TEXT    NOT NULL,
    wallet_id       TEXT    NOT NULL,
    version         INTEGER NOT NULL,
    balance_fen     INTEGER NOT NULL CHECK (balance_fen >= 0),
    deposited_fen   INTEGER NOT NULL CHECK (deposited_fen >= 0),
    ledger_sequence INTEGER NOT NULL,
    outbox          BLOB    NULL,
    PRIMARY KEY (service_id, wallet_id)
) WITHOUT ROWID;

-- Append-only, never truncated. Unique on (wallet, operation id): an operation applies once, for good.
CREATE TABLE IF NOT EXISTS hongbao_ledger
(
    service_id        TEXT    NOT NULL,
    wallet_id         TEXT    NOT NULL,
    sequence          INTEGER NOT NULL,
    kind              TEXT    NOT NULL CHECK (kind IN ('deposit', 'send', 'grab', 'refund')),
    amount_fen        INTEGER NOT NULL,
    envelope_id       TEXT    NULL,
    at_utc_ticks      INTEGER NOT NULL,
    balance_after_fen INTEGER NOT NULL CHECK (balance_after_fen >= 0),
    operation_id      TEXT    NOT NULL,
    fingerprint       TEXT    NOT NULL,
    PRIMARY KEY (service_id, wallet_id, sequence)
) WITHOUT ROWID;

CREATE UNIQUE INDEX IF NOT EXISTS hongbao_ledger_operation ON hongbao_ledger (service_id, wallet_id, operation_id);

INSERT INTO hongbao_schema (singleton, version) VALUES (1, 2)
ON CONFLICT (singleton) DO UPDATE SET version = excluded.version;

CREATE TABLE IF NOT EXISTS hongbao_reminders
(
    service_id    TEXT    NOT NULL,
    grain_id      TEXT    NOT NULL,
    reminder_name TEXT    NOT NULL,
    start_time    TEXT    NOT NULL,
    period_ms     INTEGER NOT NULL,
    grain_hash    INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS hongbao_reminders_by_hash ON hongbao_reminders (service_id, grain_hash);

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpsertReminderRowKey', '
INSERT INTO hongbao_reminders (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
SET start_time = excluded.start_time, period_ms = excluded.period_ms, grain_hash = excluded.grain_hash, version = version + 1
RETURNING version AS Version;');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowsKey', '
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period, version AS Version
FROM hongbao_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId;');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowKey', '
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period, version AS Version
FROM hongbao_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName;');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows1Key', '
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period, version AS Version
FROM hongbao_reminders
WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash;');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows2Key', '
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period, version AS Version
FROM hongbao_reminders
WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowKey', '
DELETE FROM hongbao_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version;
SELECT changes();');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowsKey', '
DELETE FROM hongbao_reminders WHERE service_id = @ServiceId;');
