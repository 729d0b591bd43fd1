/* @name policyJobs */
-- The TimescaleDB jobs this schema registered (the aggregates' refresh policies, and the
-- compression of settled history, migration 0011), in creation order: a hierarchical aggregate is
-- always created after its parent, so this order refreshes parents first.
SELECT
    job_id                                            AS "job_id!",
    proc_name                                         AS "proc_name!",
    coalesce(hypertable_name, '')                     AS "target!",
    (extract(epoch FROM schedule_interval) * 1000)::float8 AS "schedule_interval_ms!"
FROM timescaledb_information.jobs
WHERE (proc_name IN ('policy_refresh_continuous_aggregate', 'policy_compression')
       AND hypertable_schema = 'public')
   OR (proc_schema = 'public' AND proc_name = 'compress_settled_chunks')
ORDER BY job_id;

/* @name runJob */
CALL run_job(:jobId!::integer);

/* @name refreshHourlySeriousness */
-- Settles rows written behind the hourly watermark (backfills, re-scores) for [from, to).
CALL refresh_continuous_aggregate('subreddit_seriousness_hourly', :from!::timestamptz, :to!::timestamptz);

/* @name refreshDailySeriousness */
CALL refresh_continuous_aggregate('subreddit_seriousness_daily', :from!::timestamptz, :to!::timestamptz);

/* @name vacuum */
-- Autovacuum never runs in the embedded engine. Without it the pg-boss job tables (every job is
-- inserted, updated twice and deleted) bloat without bound. Database-wide so that pg-boss's
-- per-queue tables are included; pages already all-visible are skipped, so repeat runs over
-- append-mostly hypertables are cheap. Statistics are relationsToAnalyze's, table by table.
VACUUM;

/* @name relationsToAnalyze */
-- The tables and chunks whose planner statistics are out of date, the embedded engine's stand-in
-- for autovacuum's rule (ANALYZE once a tenth of a table changed): it has no statistics collector
-- to count changed rows, so the measure is the table's size on disk against the page count its
-- last ANALYZE (or VACUUM) recorded — inserts and new row versions grow it. A tenth plus 8 pages,
-- as autovacuum's analyze_scale_factor 0.1 (its threshold of 50 rows ≈ 8 pages of posts): the
-- chunk taking live posts is read again every tenth of its size, not at every pass (one ANALYZE
-- of a 200 k-row chunk holds the engine ~0.6 s). Hypertables' parents hold no rows of their own.
SELECT c.oid::regclass::text AS "relation!"
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'm')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast', '_timescaledb_catalog',
                        '_timescaledb_config', '_timescaledb_cache')
  AND abs(pg_relation_size(c.oid) / current_setting('block_size')::bigint - c.relpages)
      > 8 + c.relpages / 10
ORDER BY n.nspname, c.relname;

/* @name analyzeRelation */
-- Planner statistics of one table (migration 0010): one short statement per table, so that the
-- engine's readers wait for one table's sample at most, not the database's.
SELECT analyze_relation(to_regclass(:relation!::text)) IS NULL AS "done";

/* @name checkpoint */
-- The embedded engine is Postgres in single-user mode: no checkpointer process, so nothing ever
-- checkpoints on WAL volume or on checkpoint_timeout, and pg_wal grows with everything written
-- since start (8.5 GB seen during a 5 M-post fill; the shutdown checkpoint cut it to 1 GB). A
-- periodic CHECKPOINT lets old segments be recycled and bounds what crash recovery replays.
CHECKPOINT;

/* @name pendingAggregateInvalidations */
-- Whether rows were written behind a continuous aggregate's watermark since its last refresh, so
-- that a refresh will change what readers see (a refresh that only moves the watermark over rows
-- the real-time part already showed changes no answer). TimescaleDB logs such writes per source
-- hypertable and, once a refresh of a parent moved them, per aggregate; ranges open at either end
-- are the never-materialized edges every aggregate keeps, not writes.
SELECT (
    EXISTS (SELECT 1 FROM _timescaledb_catalog.continuous_aggs_hypertable_invalidation_log)
    OR EXISTS (
        SELECT 1 FROM _timescaledb_catalog.continuous_aggs_materialization_invalidation_log
        WHERE lowest_modified_value > (-9223372036854775807 - 1)
          AND greatest_modified_value < 9223372036854775807)
) AS "pending!";

/* @name scoreChunkRanges */
-- The chunks of post_scores inside a window, with their size on disk: a refresh of the aggregates
-- over a long window goes a few chunks at a time (refreshSeriousness), so that no single statement
-- holds the engine for long, and skips the weeks that hold no scores at all.
SELECT c.range_start AS "range_start!", c.range_end AS "range_end!",
       pg_total_relation_size(format('%I.%I', c.chunk_schema, c.chunk_name)::regclass)::float8 AS "bytes!"
FROM timescaledb_information.chunks c
WHERE c.hypertable_schema = 'public' AND c.hypertable_name = 'post_scores'
  AND c.range_end > :from!::timestamptz AND c.range_start <= :to!::timestamptz
ORDER BY c.range_start;
