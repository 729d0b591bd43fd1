-- One run of a model at a time (the scheduler's and the bench's): concurrent upserts of the same
-- rows could otherwise deadlock. Released at commit.
SELECT pg_advisory_xact_lock(hashtext('seed_rollup_' || $1::text))
