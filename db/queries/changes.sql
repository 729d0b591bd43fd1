/* @name announceEverythingChanged */
-- Tells readers of the data-changes channel (db/engine/data-changes.ts) that anything may have
-- changed: a model switch, a refresh that settled rows behind an aggregate's watermark. Inside a
-- transaction it is delivered at COMMIT, and not at all on ROLLBACK.
SELECT pg_notify('seriousness_data_changed', '*') AS "sent";
