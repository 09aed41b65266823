-- Hongbao's SQLite schema for the Orleans 10.4.2 ADO.NET grain persistence and reminder providers.
-- Idempotent: applied at every silo start. Written from the providers' query contract
-- (shared/orleans-adonet-schema.md); only the OrleansQuery table name and the query keys are fixed by it.

PRAGMA journal_mode = WAL;

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

-- One row per (service, state name, grain key). The logical key is the clear identity, not the 32-bit hashes,
-- which collide. A NULL key extension is stored as '' so that the primary key also guards the first insert.
CREATE TABLE IF NOT EXISTS hongbao_grain_state
(
    service_id   TEXT    NOT NULL,
    state_name   TEXT    NOT NULL,
    grain_id_n0  INTEGER NOT NULL,
    grain_id_n1  INTEGER NOT NULL,
    grain_id_ext TEXT    NOT NULL,
    payload      BLOB    NULL,
    version      INTEGER NOT NULL,
    modified_at  TEXT    NOT NULL,
    PRIMARY KEY (service_id, state_name, grain_id_n0, grain_id_n1, grain_id_ext)
) WITHOUT ROWID;

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

-- The provider reads at most one row; a missing row means "never written" (null ETag).
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
SELECT payload AS PayloadBinary, version AS Version
FROM hongbao_grain_state
WHERE service_id = @ServiceId AND state_name = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_ext = COALESCE(@GrainIdExtensionString, '''');');

-- First write (null version) inserts version 1 unless the row exists; later writes update only the expected
-- version. Exactly one statement can return a row: none at all is the provider''s version conflict.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
INSERT INTO hongbao_grain_state (service_id, state_name, grain_id_n0, grain_id_n1, grain_id_ext, payload, version, modified_at)
SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''''), @PayloadBinary, 1, strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE @GrainStateVersion IS NULL
ON CONFLICT DO NOTHING
RETURNING version AS NewGrainStateVersion;
UPDATE hongbao_grain_state
SET payload = @PayloadBinary, version = version + 1, modified_at = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE @GrainStateVersion IS NOT NULL
  AND service_id = @ServiceId AND state_name = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_ext = COALESCE(@GrainIdExtensionString, '''')
  AND version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
UPDATE hongbao_grain_state
SET payload = NULL, version = version + 1, modified_at = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE service_id = @ServiceId AND state_name = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_ext = COALESCE(@GrainIdExtensionString, '''')
  AND version = @GrainStateVersion
RETURNING version;');

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
