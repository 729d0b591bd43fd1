/* @name announceEverythingChanged */
-- Tells readers of the data-changes channel (db/engine/data-changes.ts) that anything may have
-- changed: a model switch, a refresh that settled rows behind an aggregate's watermark. Inside a
-- transaction it is delivered at COMMIT, and not at all on ROLLBACK.
SELECT pg_notify('seriousness_data_changed', '*') AS "sent";

/* @name announceModelScoresChanged */
-- Tells readers that only these models' figures changed (a re-score's refresh of the history it
-- wrote for the model being re-scored to): `scores-of:<model>,…`, as insertScores announces a
-- write too long to list (db/engine/data-changes.ts). A reader serving another model reads nothing.
SELECT pg_notify('seriousness_data_changed', 'scores-of:' || array_to_string(:models!::text[], ',')) AS "sent";
