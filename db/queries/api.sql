/* @name apiActiveModel */
-- The model version the API serves: the active one (it switches only when a re-score caught up).
SELECT version AS "version!", activated_at FROM models WHERE status = 'active';

/* @name apiSubredditSummaries */
-- Every subreddit with an all-time figure for one model version, with its last-24-hour and
-- previous-24-hour figures. Only continuous aggregates are read: all time from the all-time view
-- (daily cagg), the two 24-hour windows from the hourly cagg. The windows are the 24 hourly buckets
-- ending with the bucket that contains :now (the current, partial hour included), and the 24 before.
-- Sums beside the means: the API adds the scores announced on the data-changes channel to them.
WITH recent AS (
    SELECT
        subreddit,
        sum(post_count) FILTER (WHERE bucket > :now!::timestamptz - INTERVAL '24 hours')        AS count_24h,
        sum(seriousness_sum) FILTER (WHERE bucket > :now!::timestamptz - INTERVAL '24 hours')   AS sum_24h,
        sum(post_count) FILTER (WHERE bucket <= :now!::timestamptz - INTERVAL '24 hours')       AS count_prev,
        sum(seriousness_sum) FILTER (WHERE bucket <= :now!::timestamptz - INTERVAL '24 hours')  AS sum_prev
    FROM subreddit_seriousness_hourly
    WHERE model_version = :modelVersion!
      AND bucket > :now!::timestamptz - INTERVAL '48 hours'
      AND bucket <= :now!::timestamptz
    GROUP BY subreddit
)
SELECT
    a.subreddit                                              AS "subreddit!",
    a.post_count::int                                        AS "post_count!",
    a.seriousness_mean::float8                               AS "seriousness_mean!",
    a.seriousness_sum::float8                                AS "seriousness_sum!",
    a.first_day                                              AS "first_day!",
    a.last_day                                               AS "last_day!",
    coalesce(r.count_24h, 0)::int                            AS "post_count_24h!",
    (r.sum_24h / nullif(r.count_24h, 0))::float8             AS seriousness_mean_24h,
    coalesce(r.sum_24h, 0)::float8                           AS "seriousness_sum_24h!",
    coalesce(r.count_prev, 0)::int                           AS "post_count_prev_24h!",
    (r.sum_prev / nullif(r.count_prev, 0))::float8           AS seriousness_mean_prev_24h,
    coalesce(r.sum_prev, 0)::float8                          AS "seriousness_sum_prev_24h!"
FROM subreddit_seriousness_all_time a
LEFT JOIN recent r ON r.subreddit = a.subreddit
WHERE a.model_version = :modelVersion!
ORDER BY a.subreddit;

/* @name apiHourlySeries */
-- One subreddit's non-empty hours in [from, to) for one model version, from the hourly cagg (the
-- API fills the empty hours in: a generate_series LEFT JOIN here cost 3x the time of the read).
SELECT
    bucket                      AS "bucket!",
    post_count::int             AS "post_count!",
    seriousness_mean::float8    AS "seriousness_mean!"
FROM subreddit_seriousness_hourly
WHERE subreddit = :subreddit!
  AND model_version = :modelVersion!
  AND bucket >= :from!::timestamptz
  AND bucket < :to!::timestamptz
ORDER BY bucket;

/* @name apiDailySeries */
-- One subreddit's non-empty UTC days in [from, to), from the daily cagg (empty days filled in by the API).
SELECT
    bucket                      AS "bucket!",
    post_count::int             AS "post_count!",
    seriousness_mean::float8    AS "seriousness_mean!"
FROM subreddit_seriousness_daily
WHERE subreddit = :subreddit!
  AND model_version = :modelVersion!
  AND bucket >= :from!::timestamptz
  AND bucket < :to!::timestamptz
ORDER BY bucket;

/* @name apiSubredditPosts */
-- One page of a subreddit's posts, newest first. Keyset pagination on (created_at, id): the page
-- strictly after the cursor (null cursor = the newest). Served by posts_subreddit_created_at_idx.
-- Scores come from apiPostScores: joining post_scores here made the planner consider every chunk
-- of both hypertables on every call (≈ 10x slower on the embedded engine).
SELECT
    p.id                AS "id!",
    p.title             AS "title!",
    p.permalink,
    p.url,
    p.author,
    p.created_at        AS "created_at!",
    p.score             AS "score!",
    p.num_comments      AS "num_comments!"
FROM posts p
WHERE lower(p.subreddit) = lower(:subreddit!)
  AND (p.created_at, p.id) < (coalesce(:cursorCreatedAt::timestamptz, 'infinity'::timestamptz),
                              coalesce(:cursorId::text, ''))
ORDER BY p.created_at DESC, p.id DESC
LIMIT :limit!;

/* @name apiPostScores */
-- The scores by one model version of a page of posts (their keys), no aggregate computed. The
-- created_at bounds let the planner exclude every other chunk.
SELECT s.post_id AS "post_id!", s.seriousness::float8 AS "seriousness!"
FROM post_scores s
JOIN unnest(:ids!::text[], :createdAts!::timestamptz[]) AS k(id, created_at)
  ON s.post_id = k.id AND s.created_at = k.created_at
WHERE s.model_version = :modelVersion!
  AND s.created_at >= :oldest!::timestamptz
  AND s.created_at <= :newest!::timestamptz;

/* @name apiIngestStatus */
-- One row per polled listing (ingest_status_view of migration 0007).
SELECT
    listing                 AS "listing!",
    mode                    AS "mode!",
    last_poll_at,
    last_success_at,
    lag_seconds,
    seconds_since_success,
    posts_per_minute,
    rate_remaining,
    rate_reset_at,
    last_error,
    last_error_at,
    consecutive_errors      AS "consecutive_errors!",
    posts_total::float8     AS "posts_total!",
    errors_total::float8    AS "errors_total!",
    gaps_total::float8      AS "gaps_total!",
    newest_created_at
FROM ingest_status_view
ORDER BY listing;

/* @name apiScorerStatus */
-- Scorer throughput and lag over the last minute, and the models in play (scorer_status_view, 0008).
SELECT
    active_model,
    active_since,
    rescoring_model,
    rescore_started_at,
    rescore_done,
    rescore_total,
    scored_last_minute,
    lag_p50_seconds,
    lag_max_seconds
FROM scorer_status_view;

/* @name apiSchemaVersion */
-- The newest migration applied (readiness: the schema is as new as this build's migrations).
SELECT coalesce(max(version), 0)::int AS "version!" FROM schema_migrations;
