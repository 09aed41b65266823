-- Hongbao's PostgreSQL (15+) schema, version 2: envelopes and wallets in rows, and the tables and queries of the
-- Orleans 10.4.2 ADO.NET clustering and reminder providers. Idempotent: PostgresSchema applies it at every silo start, in one transaction that holds an
-- advisory lock, so nodes starting together take turns. Written from the providers' query contract
-- (shared/orleans-adonet-schema.md); only the OrleansQuery table name, its two columns and the query keys are
-- fixed by it. Unquoted names fold to lower case, which the providers read case-insensitively.
-- Stored queries are dollar-quoted ($q$ ... $q$) so they read as plain SQL.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

-- ---------------------------------------------------------------------------------------------------------
-- Envelopes and wallets in rows (schema version 2). Written by Hongbao's own row writer, many grains per
-- transaction; every row that changes carries a version, checked in the WHERE clause of its update.
-- ---------------------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS hongbao_schema
(
    singleton integer NOT NULL PRIMARY KEY CHECK (singleton = 1),
    version   integer NOT NULL
);

-- The header: totals, the unsealed tail of grabs, and the chunk size the envelope was written with.
CREATE TABLE IF NOT EXISTS hongbao_envelope
(
    service_id   text    NOT NULL,
    envelope_id  text    NOT NULL,
    version      bigint  NOT NULL,
    chunk_size   bigint  NOT NULL CHECK (chunk_size > 0),
    sealed_grabs bigint  NOT NULL CHECK (sealed_grabs >= 0),
    header       bytea   NOT NULL,
    PRIMARY KEY (service_id, envelope_id)
);

-- Sealed runs of grabs: inserted once, in the same transaction as the header that counts them, never updated.
CREATE TABLE IF NOT EXISTS hongbao_envelope_chunk
(
    service_id  text   NOT NULL,
    envelope_id text   NOT NULL,
    chunk_index bigint NOT NULL CHECK (chunk_index >= 0),
    grabs       bytea  NOT NULL,
    PRIMARY KEY (service_id, envelope_id, chunk_index)
);

CREATE TABLE IF NOT EXISTS hongbao_wallet
(
    service_id      text   NOT NULL,
    wallet_id       text   NOT NULL,
    version         bigint NOT NULL,
    balance_fen     bigint NOT NULL CHECK (balance_fen >= 0),
    deposited_fen   bigint NOT NULL CHECK (deposited_fen >= 0),
    ledger_sequence bigint NOT NULL,
    outbox          bytea  NULL,
    PRIMARY KEY (service_id, wallet_id)
);

-- Append-only, never truncated. Unique on (wallet, operation id): an operation applies once, for good.
CREATE TABLE IF NOT EXISTS hongbao_ledger
(
    service_id        text   NOT NULL,
    wallet_id         text   NOT NULL,
    sequence          bigint NOT NULL,
    kind              text   NOT NULL CHECK (kind IN ('deposit', 'send', 'grab', 'refund')),
    amount_fen        bigint NOT NULL,
    envelope_id       text   NULL,
    at_utc_ticks      bigint NOT NULL,
    balance_after_fen bigint NOT NULL CHECK (balance_after_fen >= 0),
    operation_id      text   NOT NULL,
    fingerprint       text   NOT NULL,
    PRIMARY KEY (service_id, wallet_id, sequence)
);

CREATE UNIQUE INDEX IF NOT EXISTS hongbao_ledger_operation ON hongbao_ledger (service_id, wallet_id, operation_id);

INSERT INTO hongbao_schema (singleton, version) VALUES (1, 2)
ON CONFLICT (singleton) DO UPDATE SET version = excluded.version;

-- ---------------------------------------------------------------------------------------------------------
-- Clustering (membership and the gateway list); DeploymentId is the ClusterId
-- ---------------------------------------------------------------------------------------------------------

-- The table version is the membership protocol's optimistic lock: every member insert or status change bumps
-- it together with the change, so a silo acting on a stale view fails and re-reads.
CREATE TABLE IF NOT EXISTS hongbao_membership_version
(
    deployment_id text        NOT NULL PRIMARY KEY,
    version       integer     NOT NULL DEFAULT 0,
    modified_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS hongbao_membership
(
    deployment_id   text        NOT NULL REFERENCES hongbao_membership_version (deployment_id) ON DELETE CASCADE,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NULL,
    suspect_times   text        NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- Locks the version row first, so concurrent membership writers of one cluster queue on it and each re-checks
-- the expected version after the wait (READ COMMITTED re-evaluates a locked row). Returns 1 only when the member
-- was inserted and the version bumped; 0 changes nothing.
CREATE OR REPLACE FUNCTION hongbao_insert_member(
    p_deployment_id text, p_address text, p_port integer, p_generation integer, p_silo_name text, p_host_name text,
    p_status integer, p_proxy_port integer, p_start_time timestamptz, p_i_am_alive_time timestamptz, p_version integer)
RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM hongbao_membership_version
    WHERE deployment_id = p_deployment_id AND version = p_version
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    INSERT INTO hongbao_membership (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port,
                                    suspect_times, start_time, i_am_alive_time)
    VALUES (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port,
            NULL, p_start_time, p_i_am_alive_time)
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE hongbao_membership_version SET version = version + 1, modified_at = now()
    WHERE deployment_id = p_deployment_id;
    RETURN 1;
END;
$$;

-- Same locking as hongbao_insert_member; 1 only when the member row changed and the version was bumped.
CREATE OR REPLACE FUNCTION hongbao_update_member(
    p_deployment_id text, p_address text, p_port integer, p_generation integer, p_status integer,
    p_suspect_times text, p_i_am_alive_time timestamptz, p_version integer)
RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM hongbao_membership_version
    WHERE deployment_id = p_deployment_id AND version = p_version
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE hongbao_membership
    SET status = p_status, suspect_times = p_suspect_times, i_am_alive_time = p_i_am_alive_time
    WHERE deployment_id = p_deployment_id AND address = p_address AND port = p_port AND generation = p_generation;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE hongbao_membership_version SET version = version + 1, modified_at = now()
    WHERE deployment_id = p_deployment_id;
    RETURN 1;
END;
$$;

-- One row, one column: 1 if this call created the version row, 0 if it existed.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO hongbao_membership_version (deployment_id) VALUES (@DeploymentId)
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer FROM created;
$q$) ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipKey', $q$
SELECT hongbao_insert_member(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
                             @StartTime, @IAmAliveTime, @Version);
$q$) ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateMembershipKey', $q$
SELECT hongbao_update_member(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version);
$q$) ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Heartbeats are not membership changes: they must not bump the version, or every heartbeat would fail a
-- concurrent status change.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateIAmAlivetimeKey', $q$
UPDATE hongbao_membership
SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;
$q$) ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- The version row LEFT JOIN the member: the provider needs the table version even when the member is absent
-- (then every member column is NULL).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadRowKey', $q$
SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime,
       v.version AS Version
FROM hongbao_membership_version v
LEFT JOIN hongbao_membership m
       ON m.deployment_id = v.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId;
$q$) ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadAllKey', $q$
SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime,
       v.version AS Version
FROM hongbao_membership_version v
LEFT JOIN hongbao_membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId;
$q$) ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('GatewaysQueryKey', $q$
SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
FROM hongbao_membership
WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0;
$q$) ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Members go with their version row (ON DELETE CASCADE).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteMembershipTableEntriesKey', $q$
DELETE FROM hongbao_membership_version WHERE deployment_id = @DeploymentId;
$q$) ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Only dead silos are removed: a live or joining silo with an old heartbeat is for the membership protocol to
-- judge, not for a cleanup sweep.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM hongbao_membership
WHERE deployment_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status = 6;
$q$) ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- ---------------------------------------------------------------------------------------------------------
-- Reminders
-- ---------------------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS hongbao_reminders
(
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    period_ms     bigint      NOT NULL,
    grain_hash    integer     NOT NULL,
    version       integer     NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- Each silo reads the reminders of its hash range on the ring.
CREATE INDEX IF NOT EXISTS hongbao_reminders_by_hash ON hongbao_reminders (service_id, grain_hash);

-- A new reminder starts at version 0; re-registering bumps it, so a delete with the old ETag fails.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpsertReminderRowKey', $q$
INSERT INTO hongbao_reminders (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
SET start_time = excluded.start_time, period_ms = excluded.period_ms, grain_hash = excluded.grain_hash,
    version = hongbao_reminders.version + 1
RETURNING version AS Version;
$q$) ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowsKey', $q$
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period, version AS Version
FROM hongbao_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId;
$q$) ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowKey', $q$
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period, version AS Version
FROM hongbao_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName;
$q$) ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- The provider picks range 1 when (int)begin < (int)end, range 2 when the range wraps around the ring.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows1Key', $q$
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period, version AS Version
FROM hongbao_reminders
WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash;
$q$) ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows2Key', $q$
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period, version AS Version
FROM hongbao_reminders
WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);
$q$) ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- One row, one column: 1 if the reminder was deleted at the expected version, 0 otherwise.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM hongbao_reminders
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version
    RETURNING 1
)
SELECT count(*)::integer FROM deleted;
$q$) ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowsKey', $q$
DELETE FROM hongbao_reminders WHERE service_id = @ServiceId;
$q$) ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
