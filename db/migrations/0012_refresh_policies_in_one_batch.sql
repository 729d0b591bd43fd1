-- The aggregates' refresh policies refresh their window in one batch, one transaction.
--
-- Since TimescaleDB 2.19 a refresh policy walks its window in batches of `buckets_per_batch`
-- buckets (default 1), newest first, committing each. Over years of backfilled history the hourly
-- policy (every minute; start_offset NULL: from the oldest row) walked ~150,000 one-hour batches
-- on every run, even with nothing to refresh: 42–47 s holding the embedded engine, every minute
-- (measured on the shared corpus, 2007–2024: the /health p99 of 30 s and the psql count timed out
-- at 60 s of issue #13). On a server, readers saw the aggregates half-refreshed between batches
-- (issue #15). With 0 the same run takes 40 ms, and a refresh is all or nothing for readers.
-- Bulk writers (backfill, re-score) refresh the history they write themselves, a few weeks per
-- statement (db/maintenance.ts refreshSeriousness), so a policy run has little left to do.
SELECT alter_job(job_id, config => config || '{"buckets_per_batch": 0}'::jsonb)
FROM timescaledb_information.jobs
WHERE proc_name = 'policy_refresh_continuous_aggregate';
