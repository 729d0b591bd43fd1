/* @name bruteForceHourly */
-- The hourly figures recomputed from raw rows: what the continuous aggregate must equal.
SELECT
    subreddit                                       AS "subreddit!",
    model_version                                   AS "model_version!",
    date_trunc('hour', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS "bucket!",
    count(*)::int                                   AS "post_count!",
    sum(seriousness)::float8                        AS "seriousness_sum!"
FROM post_scores
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3;

/* @name bruteForceDaily */
SELECT
    subreddit                                       AS "subreddit!",
    model_version                                   AS "model_version!",
    time_bucket(INTERVAL '1 day', created_at)       AS "bucket!",
    count(*)::int                                   AS "post_count!",
    sum(seriousness)::float8                        AS "seriousness_sum!"
FROM post_scores
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3;

/* @name bruteForceAllTime */
SELECT
    subreddit                                       AS "subreddit!",
    model_version                                   AS "model_version!",
    count(*)::int                                   AS "post_count!",
    sum(seriousness)::float8                        AS "seriousness_sum!",
    avg(seriousness)::float8                        AS "seriousness_mean!"
FROM post_scores
GROUP BY 1, 2
ORDER BY 1, 2;

/* @name caggHourly */
SELECT subreddit AS "subreddit!", model_version AS "model_version!", bucket AS "bucket!",
       post_count::int AS "post_count!", seriousness_sum::float8 AS "seriousness_sum!",
       seriousness_mean::float8 AS "seriousness_mean!"
FROM subreddit_seriousness_hourly
ORDER BY 1, 2, 3;

/* @name caggDaily */
SELECT subreddit AS "subreddit!", model_version AS "model_version!", bucket AS "bucket!",
       post_count::int AS "post_count!", seriousness_sum::float8 AS "seriousness_sum!",
       seriousness_mean::float8 AS "seriousness_mean!"
FROM subreddit_seriousness_daily
ORDER BY 1, 2, 3;

/* @name caggAllTime */
SELECT subreddit AS "subreddit!", model_version AS "model_version!",
       post_count::int AS "post_count!", seriousness_sum::float8 AS "seriousness_sum!",
       seriousness_mean::float8 AS "seriousness_mean!"
FROM subreddit_seriousness_all_time
ORDER BY 1, 2;

/* @name hourlyWatermark */
-- Where materialisation of the hourly aggregate stopped, in epoch milliseconds
-- (year 4714 BC before the first refresh: everything is then aggregated in real time).
SELECT (extract(epoch FROM _timescaledb_functions.to_timestamp(
           _timescaledb_functions.cagg_watermark(mat_hypertable_id))) * 1000)::float8 AS "watermark_ms!"
FROM _timescaledb_catalog.continuous_agg
WHERE user_view_name = 'subreddit_seriousness_hourly';

/* @name countPosts */
SELECT count(*)::int AS "count!" FROM posts;

/* @name checkpointRedoLsn */
-- Where crash recovery would start replaying: moves forward with every checkpoint.
SELECT redo_lsn::text AS "redo_lsn!" FROM pg_control_checkpoint();

/* @name postChunkStatistics */
-- The posts chunks' row estimates as their last ANALYZE (or VACUUM) left them: -1 = never.
SELECT c.oid::regclass::text AS "chunk!", c.reltuples::float8 AS "reltuples!"
FROM timescaledb_information.chunks ch
JOIN pg_class c ON c.oid = format('%I.%I', ch.chunk_schema, ch.chunk_name)::regclass
WHERE ch.hypertable_name = 'posts'
ORDER BY 1;

/* @name retireActiveModel */
-- Test set-up: no model is active (before another one is made active by upsertModelStatus).
UPDATE models SET status = 'retired' WHERE status = 'active';

/* @name upsertModelStatus */
-- Test set-up: a model version (without ONNX bytes) in a given status.
INSERT INTO models (version, status) VALUES (:version!, :status!)
ON CONFLICT (version) DO UPDATE SET status = EXCLUDED.status;

/* @name configureCompression */
-- How long history must have had no new post before compress_settled_chunks takes it, and how
-- long one run may take (migrations 0011, 0013).
SELECT alter_job(job_id, config => config || jsonb_build_object('quiet', :quiet!::text,
                                                                 'max_runtime', :maxRuntime!::text)) IS NOT NULL AS "done!"
FROM timescaledb_information.jobs
WHERE proc_name = 'compress_settled_chunks';

/* @name compressedChunksIn */
SELECT count(*)::int AS "count!"
FROM timescaledb_information.chunks
WHERE hypertable_name = :hypertable! AND is_compressed
  AND range_end > :from!::timestamptz AND range_start <= :to!::timestamptz;

/* @name activeModelAccounting */
-- Posts; those with a score by the active model; that model's score rows; and how many posts the
-- all-time aggregate counts for it (equal when every post is scored and the aggregates are fresh).
SELECT
    (SELECT count(*)::int FROM posts) AS "posts!",
    (SELECT count(*)::int FROM posts p
     WHERE EXISTS (SELECT 1 FROM post_scores s JOIN models m ON m.version = s.model_version
                   WHERE m.status = 'active' AND s.post_id = p.id AND s.created_at = p.created_at)) AS "scored!",
    (SELECT count(*)::int FROM post_scores s JOIN models m ON m.version = s.model_version
     WHERE m.status = 'active') AS "score_rows!",
    (SELECT coalesce(sum(a.post_count), 0)::int FROM subreddit_seriousness_all_time a
     JOIN models m ON m.version = a.model_version WHERE m.status = 'active') AS "counted!";

/* @name backfillFileStates */
SELECT path AS "path!", lines_done::int AS "lines_done!", posts_done::int AS "posts_done!",
       finished_at IS NOT NULL AS "finished!", refreshed_at IS NOT NULL AS "refreshed!"
FROM backfill_files
ORDER BY path;

/* @name refreshPolicyConfigs */
-- Each continuous aggregate's refresh policy, as TimescaleDB's scheduler (or the embedded
-- maintenance loop) runs it.
SELECT ca.user_view_name AS "view!", j.schedule_interval::text AS "schedule!", j.config AS "config!"
FROM timescaledb_information.jobs j
JOIN _timescaledb_catalog.continuous_agg ca ON ca.mat_hypertable_id = (j.config ->> 'mat_hypertable_id')::int
WHERE j.proc_name = 'policy_refresh_continuous_aggregate'
ORDER BY ca.user_view_name;

/* @name setRefreshSchedule */
-- Test set-up: how often the refresh policies come due.
SELECT count(*)::int AS "altered!"
FROM timescaledb_information.jobs j,
     LATERAL alter_job(j.job_id, schedule_interval => :interval!::interval) altered
WHERE j.proc_name = 'policy_refresh_continuous_aggregate';

/* @name setSchemaJobsScheduled */
-- Test set-up (the server suites): this schema's TimescaleDB jobs (the aggregates' refresh
-- policies, the compression of settled history) taken off the background scheduler, or put back,
-- so that a test's reads never overlap a job it did not run itself. `CALL run_job` still runs them.
SELECT j.job_id AS "job_id!", a.scheduled AS "scheduled!"
FROM timescaledb_information.jobs j,
     LATERAL alter_job(j.job_id, scheduled => :scheduled!::boolean) a
WHERE (j.proc_name IN ('policy_refresh_continuous_aggregate', 'policy_compression')
       AND j.hypertable_schema = 'public')
   OR (j.proc_schema = 'public' AND j.proc_name = 'compress_settled_chunks')
ORDER BY j.job_id;

/* @name runningJobs */
-- How many of these jobs a background worker is running now.
SELECT count(*)::int AS "running!"
FROM timescaledb_information.job_stats s
WHERE s.job_status = 'Running' AND s.job_id = ANY (:jobIds!::int[]);

/* @name hourlyPostTotal */
-- What a reader of the hourly aggregate sees in all: the sum of its post counts.
SELECT coalesce(sum(post_count), 0)::int AS "total!" FROM subreddit_seriousness_hourly;

/* @name allTimePostTotal */
SELECT coalesce(sum(post_count), 0)::int AS "total!" FROM subreddit_seriousness_all_time;
