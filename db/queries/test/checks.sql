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

/* @name compressedChunkCount */
SELECT count(*)::int AS "count!"
FROM timescaledb_information.chunks
WHERE hypertable_name = :hypertable! AND is_compressed;

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
