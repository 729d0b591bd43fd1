/* @name tryLeadership */
-- Session-level: held for as long as the leader's dedicated connection lives (server mode).
SELECT pg_try_advisory_lock(:key!::bigint) AS "acquired!";

/* @name releaseLeadership */
SELECT pg_advisory_unlock(:key!::bigint) AS "released!";

/* @name pingLeadership */
-- Heartbeat on the lock's connection: a failure means the lock may be gone.
SELECT 1 AS "ok!";
