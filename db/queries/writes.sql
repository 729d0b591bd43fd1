/* @name upsertPosts */
-- Batched upsert of posts (one statement per batch: single-row inserts are ~50x slower here).
-- A post seen again updates only what Reddit changes (score, comment count, flags);
-- `inserted` tells the caller which rows are new, so only those get a scoring job.
-- The statement announces the subreddits it wrote on the data-changes channel
-- (db/engine/data-changes.ts: `posts:<names>`), delivered at its commit; `*` when the list would
-- be too long.
WITH written AS (
INSERT INTO posts (id, created_at, subreddit, author, title, selftext, url, permalink, domain,
                   is_self, over_18, spoiler, stickied, score, num_comments)
SELECT * FROM unnest(
    :ids!::text[], :createdAts!::timestamptz[], :subreddits!::text[], :authors!::text[], :titles!::text[],
    :selftexts!::text[], :urls!::text[], :permalinks!::text[], :domains!::text[], :isSelfs!::boolean[],
    :over18s!::boolean[], :spoilers!::boolean[], :stickieds!::boolean[], :scores!::integer[],
    :numComments!::integer[])
ON CONFLICT (id, created_at) DO UPDATE SET
    score        = EXCLUDED.score,
    num_comments = EXCLUDED.num_comments,
    over_18      = EXCLUDED.over_18,
    spoiler      = EXCLUDED.spoiler,
    stickied     = EXCLUDED.stickied,
    updated_at   = now()
RETURNING id, created_at, subreddit, (xmax = 0) AS inserted
), announced AS (
    SELECT count(pg_notify('seriousness_data_changed',
                           CASE WHEN length(names) > 7900 THEN '*' ELSE 'posts:' || names END)) AS sent
    FROM (SELECT string_agg(DISTINCT subreddit, ',') AS names FROM written) w
    WHERE names IS NOT NULL
)
-- The scalar subquery makes `announced` run (a CTE nobody reads is never run).
SELECT id AS "id!", created_at AS "created_at!", inserted AS "inserted!"
FROM written
WHERE (SELECT sent FROM announced) >= 0;

/* @name insertScores */
-- Idempotent: a re-delivered scoring job inserts nothing. Returns the rows actually inserted, and
-- announces on the data-changes channel what they add to the figures, per model, subreddit and
-- hour (the hourly aggregate's buckets), and where they show at once:
-- `scores:<model>|<subreddit>|<hour, epoch ms>|<count>|<sum>|<shown>,…` (db/engine/data-changes.ts),
-- so that readers add them up without reading the aggregates again. <shown> has `h` when the rows
-- are in the hourly aggregate's real-time part, `a` when also in the daily's (so in all time): a
-- bucket before an aggregate's watermark shows there only after its next refresh, which announces
-- that everything changed. When that would not fit in a notification (history: thousands of
-- hours at once), only the models: `scores-of:<model>,…`; nothing when no row was new.
WITH written AS (
INSERT INTO post_scores (post_id, created_at, subreddit, model_version, seriousness)
SELECT * FROM unnest(:postIds!::text[], :createdAts!::timestamptz[], :subreddits!::text[],
                     :modelVersions!::text[], :seriousness!::float8[])
ON CONFLICT (post_id, created_at, model_version) DO NOTHING
RETURNING post_id, subreddit, model_version, created_at, seriousness
), watermarks AS (
    -- Where each aggregate's real-time part begins, as TimescaleDB itself reads it.
    SELECT
        max(_timescaledb_functions.to_timestamp(_timescaledb_functions.cagg_watermark(mat_hypertable_id)))
            FILTER (WHERE user_view_name = 'subreddit_seriousness_hourly') AS hourly,
        max(_timescaledb_functions.to_timestamp(_timescaledb_functions.cagg_watermark(mat_hypertable_id)))
            FILTER (WHERE user_view_name = 'subreddit_seriousness_daily') AS daily
    FROM _timescaledb_catalog.continuous_agg
), added AS (
    SELECT r.model_version, r.subreddit, r.hour,
           count(*) AS post_count, sum(r.seriousness) AS seriousness_sum,
           concat(CASE WHEN r.hour >= w.hourly THEN 'h' END,
                  CASE WHEN r.hour >= w.hourly AND r.hour >= w.daily THEN 'a' END) AS shown
    FROM (SELECT *, time_bucket(INTERVAL '1 hour', created_at) AS hour FROM written) r
    CROSS JOIN watermarks w
    GROUP BY r.model_version, r.subreddit, r.hour, w.hourly, w.daily
), announced AS (
    SELECT count(pg_notify('seriousness_data_changed',
                           CASE WHEN length(entries) > 7900 THEN 'scores-of:' || models
                                ELSE 'scores:' || entries END)) AS sent
    FROM (
        SELECT string_agg(concat_ws('|', model_version, subreddit,
                                    (extract(epoch FROM hour) * 1000)::bigint, post_count,
                                    seriousness_sum::float8, shown), ',') AS entries,
               string_agg(DISTINCT model_version, ',') AS models
        FROM added
    ) w
    WHERE entries IS NOT NULL
)
SELECT post_id AS "post_id!" FROM written WHERE (SELECT sent FROM announced) >= 0;
