-- The plain PostgreSQL row-lock pattern Hongbao's throughput is measured against (docs/benchmarks.md): one row per
-- envelope, a grab decrements it under the row lock and records the grab and its settlement in the same transaction.
DROP TABLE IF EXISTS rl_envelope, rl_grab, rl_settlement;
CREATE TABLE rl_envelope (id integer PRIMARY KEY, remaining integer NOT NULL, remaining_fen bigint NOT NULL);
CREATE TABLE rl_grab (envelope_id integer NOT NULL, user_id text NOT NULL, amount_fen bigint NOT NULL, PRIMARY KEY (envelope_id, user_id));
CREATE TABLE rl_settlement (envelope_id integer NOT NULL, user_id text NOT NULL, amount_fen bigint NOT NULL);
INSERT INTO rl_envelope SELECT g, 1000000, 100000000 FROM generate_series(1, :envelopes) AS g;
