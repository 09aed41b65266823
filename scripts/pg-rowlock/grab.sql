-- One grab: take a share of a random envelope under its row lock, record it, enqueue its settlement; one transaction.
\set envelope random(1, :envelopes)
\set user random(1, 1000000000)
BEGIN;
UPDATE rl_envelope SET remaining = remaining - 1, remaining_fen = remaining_fen - 100 WHERE id = :envelope AND remaining > 0;
INSERT INTO rl_grab VALUES (:envelope, 'u' || :user, 100) ON CONFLICT DO NOTHING;
INSERT INTO rl_settlement VALUES (:envelope, 'u' || :user, 100);
COMMIT;
